package dev.dmapworkbook.lambda;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one by_station file yields: the highest PRCP value (tenths of mm) of each station found in it
 * (no entry when the file has no PRCP rows) and the row counts.
 *
 * @param maxima             station id → highest PRCP {@code DATA_VALUE}, at least 0, in the order first seen
 * @param rows               data rows read (the header and blank lines not counted)
 * @param precipitationRows  PRCP rows that counted
 * @param rowsSkipped        malformed rows that were skipped
 */
record PrecipitationMaxima(Map<String, BigDecimal> maxima, long rows, long precipitationRows, long rowsSkipped) {

    PrecipitationMaxima {
        maxima = Collections.unmodifiableMap(new LinkedHashMap<>(maxima));
    }

    /** The value as DynamoDB's N attribute and the workshop write it: {@code 378}, never {@code 378.0}. */
    static String asNumber(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
