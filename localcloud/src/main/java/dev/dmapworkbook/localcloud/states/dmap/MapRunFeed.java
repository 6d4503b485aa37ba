package dev.dmapworkbook.localcloud.states.dmap;

import dev.dmapworkbook.localcloud.states.asl.ErrorName;

/**
 * The reading side of a Map Run (spec 9.2 steps 6–8, 9.3–9.5): opens the items (the ItemReader's S3 source, or the
 * items taken from the Map's input), turns them into child inputs (ItemSelector, ItemBatcher) and, as one task on the
 * host's executor, hands every child input to the run, which spools it and starts children as slots free up.
 */
final class MapRunFeed {
    private final MapRun run;
    private final ItemSource source;
    private final ChildInputs childInputs;

    private MapRunFeed(MapRun run, ItemSource source, ChildInputs childInputs) {
        this.run = run;
        this.source = source;
        this.childInputs = childInputs;
    }

    /**
     * Opens the items (the ItemReader's source, or the array taken from the Map's input) and the child inputs
     * formed from them (ItemSelector, ItemBatcher).
     *
     * @throws ItemReaderException when the reader cannot start (a negative MaxItems, a missing object, …)
     */
    static MapRunFeed open(MapRun run, DistributedMap spec, MapRunHost host, MapRunSettings settings) {
        if (settings.maxItems() < 0) {
            throw new ItemReaderException("field MaxItems must be positive");
        }
        ItemSource source = spec.itemReader().isPresent()
                ? new S3ItemReader(host.s3()).open(spec.itemReader().get(), settings.readerParameters(), settings.maxItems())
                : ItemSource.of(settings.items().elements());
        try {
            ChildInputs.Selector selector = spec.itemSelector().isPresent() ? host::selectItem : null;
            ChildInputs childInputs = spec.itemBatcher().isPresent()
                    ? ChildInputs.batched(source, selector, settings.maxItemsPerBatch(), settings.maxBytesPerBatch(),
                    settings.batchInput())
                    : ChildInputs.single(source, selector);
            return new MapRunFeed(run, source, childInputs);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    /** The reader task: every child input to the run until the source ends or the run stops reading. */
    void read() {
        try (source) {
            while (!run.stopsReading() && childInputs.hasNext()) {
                if (run.countingOnly()) {
                    // spec 9.6, 2.14: after a breach every item of the source still counts (total, pending); with
                    // no export nothing needs the never-started children's inputs (no PENDING file, spec 9.7), so
                    // the rest is counted, not formed and spooled
                    run.counters().formed(childInputs.skip());
                    continue;
                }
                run.formed(childInputs.next());
            }
        } catch (ItemReaderException e) {
            run.fail(ErrorName.ITEM_READER_FAILED.text(), e.getMessage());
        } catch (RuntimeException e) {
            run.fail(e);
        } finally {
            run.readerDone();
        }
    }
}
