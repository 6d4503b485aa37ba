package dev.dmapworkbook.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The clients the Lambda runtime builds follow AWS_ENDPOINT_URL[_SERVICE], with S3 in path style. */
class AwsClientsTest {

    @Test
    void theServiceSpecificEndpointWinsOverTheGlobalOne() {
        var env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_S3", "http://s3.local:9000");
        assertEquals(Optional.of(URI.create("http://s3.local:9000")), AwsClients.endpoint(env, "S3"));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:4566")), AwsClients.endpoint(env, "DYNAMODB"));
        assertEquals(Optional.empty(), AwsClients.endpoint(Map.of("AWS_ENDPOINT_URL", " "), "S3"));
    }

    @Test
    void withAnEndpointUrlBothClientsGoThereAndS3UsesPathStyle() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " Host=" + exchange.getRequestHeaders().getFirst("Host")
                    + " Target=" + exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            exchange.getRequestBody().readAllBytes();
            byte[] body = exchange.getRequestMethod().equals("GET")
                    ? (StationCsvTest.HEADER + "ASN00001011,19661201,PRCP,378,,,a,\n").getBytes(StandardCharsets.UTF_8)
                    : "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", exchange.getRequestMethod().equals("GET") ? "text/csv" : "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        // What the Lambda environment provides: region and credentials (the SDK's system-property providers here).
        var properties = List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey");
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try {
            var env = Map.of("AWS_ENDPOINT_URL", "http://localhost:" + server.getAddress().getPort());
            try (var s3 = AwsClients.s3(env); var dynamoDb = AwsClients.dynamoDb(env)) {
                var summary = new HighPrecipitationHandler(s3, dynamoDb, "results").handleRequest(Map.of(
                        "Items", List.of(Map.of("Key", "csv/by_station/ASN00001011.csv")),
                        "BatchInput", Map.of("Bucket", "data-bucket")), null);
                assertEquals(1, summary.get("stationsWritten"));
            }
        } finally {
            properties.forEach(System::clearProperty);
            server.stop(0);
        }
        String port = Integer.toString(server.getAddress().getPort());
        assertEquals(2, requests.size(), requests.toString());
        assertEquals("GET /data-bucket/csv/by_station/ASN00001011.csv Host=localhost:" + port + " Target=null", requests.get(0));
        assertTrue(requests.get(1).startsWith("POST / Host=localhost:" + port + " Target=DynamoDB_20120810.BatchWriteItem"), requests.get(1));
    }
}
