package dev.dmapworkbook.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.s3.InventoryReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code s3-inventory --bucket B --id ID}: asks the running local cloud to publish the inventory report of
 * configuration ID on bucket B now ({@code POST /_localcloud/s3-inventory}), since S3 publishes daily or weekly.
 * Exit codes: 0 published, 1 refused (the local cloud's error is printed), 3 no local cloud answers.
 */
@Command(name = "s3-inventory", mixinStandardHelpOptions = true,
        description = "Publish the S3 Inventory report of a bucket's inventory configuration now, in S3's layout "
                + "(manifest.json, manifest.checksum, data/*.csv.gz, hive/dt=…/symlink.txt) under its destination.")
final class S3InventoryCommand implements Callable<Integer> {
    @Mixin
    Main.WhichServer server;

    @Option(names = "--bucket", required = true, description = "the source bucket")
    String bucket;

    @Option(names = "--id", required = true, description = "the inventory configuration's id")
    String id;

    @Option(names = "--rows-per-file", description = "rows per data file (default: ${DEFAULT-VALUE})")
    int rowsPerFile = InventoryReport.DEFAULT_ROWS_PER_FILE;

    @Override
    public Integer call() throws Exception {
        String endpoint = endpoint();
        if (Lifecycle.health(endpoint).isEmpty()) {
            System.err.println("no local cloud answers on " + endpoint + " (start it with: localcloud start)");
            return 3;
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint
                            + "/_localcloud/s3-inventory?bucket=" + encode(bucket) + "&id=" + encode(id)
                            + "&rowsPerFile=" + rowsPerFile)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("the local cloud on " + endpoint + " did not answer: " + e.getMessage());
            return 1;
        }
        if (response.statusCode() != 200) {
            System.err.println("refused (" + response.statusCode() + "): " + response.body());
            return 1;
        }
        JsonNode published = Json.parse(response.body());
        System.out.printf("published s3://%s/%s: %,d object(s) in %d data file(s)%n",
                published.get("destinationBucket").asText(), published.get("manifestKey").asText(),
                published.get("objects").asLong(), published.get("manifest").get("files").size());
        return 0;
    }

    /** The endpoint the server for this data dir wrote, else the one the options name. */
    private String endpoint() throws IOException {
        Path file = server.dataDir.toAbsolutePath().normalize().resolve(Lifecycle.ENDPOINT_FILE);
        if (Files.isRegularFile(file)) {
            return Files.readString(file).trim();
        }
        return "http://" + server.host + ":" + server.port;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
