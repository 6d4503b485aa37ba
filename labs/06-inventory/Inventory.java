///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS software.amazon.awssdk:bom:2.41.28@pom
//DEPS software.amazon.awssdk:s3 software.amazon.awssdk:sfn software.amazon.awssdk:iam software.amazon.awssdk:sts
//SOURCES ../common/Workbook.java ../common/Executions.java InventoryLab.java
//MAIN Inventory
//DESCRIPTION Lab 06 — millions of objects: the same Distributed Map through s3:listObjectsV2 and through an S3 Inventory report.

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.InventoryFrequency;
import software.amazon.awssdk.services.s3.model.InventoryIncludedObjectVersions;
import software.amazon.awssdk.services.s3.model.InventoryOptionalField;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

class Inventory {
    static final long DEFAULT_OBJECTS = 100_000;
    static final long MAX_OBJECTS = 2_000_000;

    // the notebook: its numbered cells in order, as in the README (long, and read top to bottom; each cell is short)
    public static void main(String[] args) throws Exception {
        var book = Workbook.open(args, "06-inventory", "Lab 06 — Millions of objects: listing or inventory",
                "about $0.55 per 100,000 objects (the PUT requests), plus $0.0025 per million objects listed by the "
                        + "inventory and two Standard executions of ~100 children each",
                Workbook.option("--objects", "N", "objects in the bucket (default 100,000; at most 2,000,000)"),
                Workbook.option("--manifest", "S3_URI", "use this existing inventory manifest.json (s3://bucket/key)"));
        long objects = parseObjects(book);
        var s3 = book.client(S3Client.builder());
        var sfn = book.client(SfnClient.builder());
        String account;
        try (var sts = book.client(StsClient.builder())) {
            account = sts.getCallerIdentity().account();
        }
        var lab = new InventoryLab(book, s3, sfn, account, objects);

        book.cell(1, "A bucket of small objects", String.format(Locale.ROOT, "%,d objects of a few bytes under %s in "
                + "one bucket: the dataset whose keys the Map will process. Each key is one item.", objects, lab.prefix), () -> {
            lab.createBuckets();
            long present = lab.countObjects();
            if (present == objects) {
                book.printf("  s3://%s/%s already holds %,d objects: reusing them", lab.source, lab.prefix, present);
            } else {
                upload(book, s3, lab, objects);
                present = lab.countObjects();
            }
            book.check(String.format(Locale.ROOT, "the prefix holds %,d objects", objects), present == objects);
        });

        book.cell(2, "An inventory configuration", "PutBucketInventoryConfiguration: a daily CSV list of the prefix's "
                + "current objects with their size and date, delivered to a second bucket (on AWS that bucket's policy must "
                + "let S3 write the report there).", () -> {
            lab.allowInventoryDelivery(account);
            s3.putBucketInventoryConfiguration(r -> r.bucket(lab.source).id(InventoryLab.CONFIG_ID).inventoryConfiguration(c -> c
                    .id(InventoryLab.CONFIG_ID).isEnabled(true).includedObjectVersions(InventoryIncludedObjectVersions.CURRENT)
                    .filter(f -> f.prefix(lab.prefix))
                    .optionalFields(InventoryOptionalField.SIZE, InventoryOptionalField.LAST_MODIFIED_DATE)
                    .schedule(s -> s.frequency(InventoryFrequency.DAILY))
                    .destination(d -> d.s3BucketDestination(b -> b.bucket("arn:aws:s3:::" + lab.reports)
                            .format("CSV").prefix(InventoryLab.REPORTS_PREFIX)))));
            var got = s3.getBucketInventoryConfiguration(r -> r.bucket(lab.source).id(InventoryLab.CONFIG_ID))
                    .inventoryConfiguration();
            book.fields(Workbook.ordered("id", got.id(), "enabled", got.isEnabled(), "filter prefix", got.filter().prefix(),
                    "destination", got.destination().s3BucketDestination().bucket() + " / "
                            + got.destination().s3BucketDestination().prefix(),
                    "format", got.destination().s3BucketDestination().formatAsString(), "schedule",
                    got.schedule().frequencyAsString(), "fields", got.optionalFieldsAsStrings()));
            book.check("GetBucketInventoryConfiguration returns what was put", got.isEnabled()
                    && lab.prefix.equals(got.filter().prefix()) && got.optionalFields().size() == 2);
        });

        var report = book.cell(3, "The inventory report", book.local()
                ? "S3 publishes a report daily or weekly; the local cloud publishes one now (POST "
                + "/_localcloud/s3-inventory, or `java -jar localcloud/target/localcloud.jar s3-inventory`), in S3's layout."
                : "S3 publishes the first report within 48 hours of the configuration; --manifest uses one you already have.",
                lab::report);
        if (report == null) {
            book.note("No inventory report yet: S3 can take up to 48 hours to deliver the first one. Rerun this lab "
                    + "then (or with --manifest s3://" + lab.reports + "/…/manifest.json).");
            System.exit(book.finish());
        }

        book.cell(4, "Two state machines", "The same Distributed Map twice: STANDARD children of 1,000 "
                + "keys each, a Pass state that counts them. Only the ItemReader differs.", () -> {
            String role;
            try (var iam = book.client(IamClient.builder())) {
                role = lab.role(iam);
            }
            lab.createStateMachines(role);
            book.json(Workbook.JSON.readTree(InventoryLab.LISTING_READER), 20);
            book.json(Workbook.JSON.readTree(InventoryLab.MANIFEST_READER), 20);
            book.check("both state machines exist", lab.listingArn != null && lab.manifestArn != null);
            book.link("the listing state machine", book.console().stateMachine(lab.listingArn));
            book.link("the inventory state machine", book.console().stateMachine(lab.manifestArn));
        });

        var listed = book.cell(5, "Run 1: the ItemReader lists the bucket", "arn:aws:states:::s3:listObjectsV2 reads "
                + "the keys 1,000 per call while the Map Run goes on.", () -> lab.run(lab.listingArn,
                Workbook.ordered("bucket", lab.source, "prefix", lab.prefix), InventoryLab.Way.LISTING, report));

        var inventoried = book.cell(6, "Run 2: the ItemReader reads the inventory", "arn:aws:states:::s3:getObject "
                + "with InputType MANIFEST reads manifest.json, then each gzip CSV file it lists.", () -> lab.run(lab.manifestArn,
                Workbook.ordered("bucket", report.bucket(), "manifest", report.key()), InventoryLab.Way.INVENTORY, report));

        book.cell(7, "Side by side", "The same items, the same children: what differs is how the ItemReader found them.",
                () -> lab.compare(listed, inventoried, report));

        book.cell(8, "The trade-off", null, () -> {
            book.println("  Listing costs one ListObjectsV2 call per 1,000 keys, made while the Map Run runs: "
                    + String.format(Locale.ROOT, "%,d calls", (objects + 999) / 1000) + " here, ~2,000 for 2,000,000 objects,");
            book.println("  and the children wait for the listing to reach their keys. An inventory is prepared ahead of time:");
            book.println("  one GetObject for manifest.json and one per data file, whatever the number of keys. But S3");
            book.println("  delivers it daily or weekly (the first within 48 hours), so it can be up to a day (or a week) old:");
            book.println("  objects written since are missing, deleted ones are still listed. Use it when the set of objects");
            book.println("  is large and settled; list when you need what is there now.");
            book.check("both runs processed every object", listed.items() == objects && inventoried.items() == objects);
        });
        System.exit(book.finish());
    }

    static long parseObjects(Workbook book) {
        String text = book.value("--objects").orElse(Long.toString(DEFAULT_OBJECTS)).replace(",", "").replace("_", "");
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw book.stop("--objects must be a number, not " + text);
        }
        if (n < 1 || n > MAX_OBJECTS) {
            throw book.stop("--objects must be between 1 and 2,000,000");
        }
        return n;
    }

    /** PutObject for every key, 32 at a time. */
    static void upload(Workbook book, S3Client s3, InventoryLab lab, long objects) throws Exception {
        var progress = book.progress("uploading", objects);
        long t0 = System.nanoTime();
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int w = 0; w < 32; w++) {
                workers.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < objects; i = next.getAndIncrement()) {
                        long n = i;
                        s3.putObject(r -> r.bucket(lab.source).key(lab.key(n)).contentType("text/plain"),
                                RequestBody.fromString("object " + n + "\n"));
                        progress.advance(1);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        progress.finish();
        book.printf("  %,d PutObject calls in %s", objects, Workbook.seconds(System.nanoTime() - t0));
    }
}
