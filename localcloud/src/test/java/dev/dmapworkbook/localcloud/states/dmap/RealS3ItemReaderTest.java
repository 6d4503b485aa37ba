package dev.dmapworkbook.localcloud.states.dmap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.s3.S3Objects;
import dev.dmapworkbook.localcloud.s3.S3Service;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ItemReader over the local cloud's own S3 store (the in-process {@code S3Objects} contract). */
class RealS3ItemReaderTest {
    @TempDir
    Path temp;

    @Test
    void listsEveryKeyBeyondOnePageWithS3sQuotedEtagAndSecondsLastModified() throws Exception {
        try (S3Service service = new S3Service(temp.resolve("s3"))) {
            S3Objects s3 = service.objects();
            s3.createBucket("data", "us-east-1");
            for (int i = 0; i < 1005; i++) {
                byte[] body = ("ID,DATE\nS" + i + ",20200101\n").getBytes(StandardCharsets.UTF_8);
                s3.putObject("data", String.format("csv/by_station/S%04d.csv", i), new ByteArrayInputStream(body),
                        "text/csv", Map.of());
            }
            s3.putObject("data", "csv/other.csv", new ByteArrayInputStream(new byte[0]), "text/csv", Map.of());
            List<JsonNode> items = new ArrayList<>();
            try (ItemSource source = new ObjectListingItems(s3, "data", "csv/by_station")) {
                source.forEachRemaining(items::add);
            }
            assertEquals(1005, items.size());
            JsonNode first = items.get(0);
            S3Objects.ObjectSummary head = s3.headObject("data", "csv/by_station/S0000.csv");
            assertEquals(head.eTag(), first.get("Etag").asText());
            assertTrue(first.get("Etag").asText().matches("\"[0-9a-f]{32}\""), first.get("Etag").asText());
            assertEquals(head.lastModified().getEpochSecond(), first.get("LastModified").asLong());
            assertEquals(head.size(), first.get("Size").asLong());
            assertEquals("STANDARD", first.get("StorageClass").asText());
            assertEquals("csv/by_station/S1004.csv", items.get(1004).get("Key").asText());
            Json.write(first);
        }
    }
}
