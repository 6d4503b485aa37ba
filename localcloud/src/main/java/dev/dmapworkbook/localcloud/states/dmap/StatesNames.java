package dev.dmapworkbook.localcloud.states.dmap;

/** The ASL error names a Map Run raises (spec 8.1). */
final class StatesNames {
    static final String RUNTIME = "States.Runtime";
    static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";
    static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";

    private StatesNames() {
    }
}
