package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.s3.S3Objects.ObjectSummary;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Every object under a prefix, one item per object, following ListObjectsV2 continuation tokens through all
 * pages in key order (spec 9.3a). Item: {@code {"Etag":"\"…\"","Key":…,"LastModified":<epoch seconds>,
 * "Size":…,"StorageClass":…}} — {@code Etag} keeps S3's quotes inside the string.
 */
final class ObjectListingItems implements ItemSource {
    static final int PAGE_SIZE = 1000;

    private final S3Objects s3;
    private final String bucket;
    private final String prefix;
    private Iterator<ObjectSummary> page;
    private Optional<String> nextToken;

    ObjectListingItems(S3Objects s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        S3Objects.ListPage first = S3Reads.call(() -> s3.listObjectsV2(bucket, prefix, null, PAGE_SIZE));
        this.page = first.contents().iterator();
        this.nextToken = first.nextContinuationToken();
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && nextToken.isPresent()) {
            String token = nextToken.get();
            S3Objects.ListPage next = S3Reads.call(() -> s3.listObjectsV2(bucket, prefix, token, PAGE_SIZE));
            page = next.contents().iterator();
            nextToken = next.nextContinuationToken();
        }
        return page.hasNext();
    }

    @Override
    public JsonNode next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return item(page.next());
    }

    static ObjectNode item(ObjectSummary summary) {
        ObjectNode item = JsonNodeFactory.instance.objectNode();
        String etag = summary.eTag();
        item.put("Etag", etag.startsWith("\"") ? etag : "\"" + etag + "\"");
        item.put("Key", summary.key());
        item.put("LastModified", summary.lastModified().getEpochSecond());
        item.put("Size", summary.size());
        item.put("StorageClass", summary.storageClass() == null ? "STANDARD" : summary.storageClass());
        return item;
    }

    @Override
    public void close() {
    }
}
