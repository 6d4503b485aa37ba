package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The edge as any HTTP client sees it: the health document, AWS-shaped errors for what no service answers,
 * and HTTP details (HEAD lengths, malformed URIs). Raw requests on purpose: these are the cases no SDK sends.
 */
class EdgeServerTest {
    @TempDir
    Path dataDir;

    private LocalCloud cloud;
    private EdgeHttp http;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
        http = new EdgeHttp(cloud.endpoint());
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request);
    }

    private HttpRequest.Builder at(String pathAndQuery) {
        return http.at(pathAndQuery);
    }

    @Test
    void healthNamesEveryServiceAndItsState() throws Exception {
        HttpResponse<String> response = send(at("/_localcloud/health"));
        assertEquals(200, response.statusCode());
        JsonNode health = Json.parse(response.body());
        assertEquals("running", health.path("status").asText());
        assertEquals(cloud.port(), health.path("port").asInt());
        assertEquals(ProcessHandle.current().pid(), health.path("pid").asLong());
        for (String service : new String[]{"s3", "dynamodb", "sts", "iam"}) {
            assertTrue(health.path("services").path(service).isTextual(), service + " in " + health);
        }
        assertEquals("running", health.path("services").path("s3").asText());
    }

    @Test
    void aServiceNobodyServesIsAnAwsErrorNamingIt() throws Exception {
        HttpResponse<String> response = send(at("/").header("Authorization",
                "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(501, response.statusCode());
        assertTrue(response.body().contains("<Code>NotImplemented</Code>") && response.body().contains("kinesis"), response.body());

        HttpResponse<String> target = send(at("/").header("X-Amz-Target", "Kinesis_20131202.PutRecord")
                .header("Content-Type", "application/x-amz-json-1.1").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(400, target.statusCode());
        assertEquals("UnknownOperationException", Json.parse(target.body()).path("__type").asText());

        HttpResponse<String> action = send(at("/").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=SendMessage&Version=2012-11-05")));
        assertEquals(400, action.statusCode());
        assertTrue(action.body().contains("<Code>InvalidAction</Code>") && action.body().contains("SendMessage"), action.body());
    }

    @Test
    void malformedEscapesAreAClientError() throws Exception {
        // java.net.URI refuses to build this request, so it goes over a plain socket.
        String response = EdgeHttp.raw(cloud.port(), "GET /bucket/bad%zzkey HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
    }

    @Test
    void headReportsTheLengthAGetWouldSend() throws Exception {
        assertEquals(200, send(at("/lengths").PUT(HttpRequest.BodyPublishers.noBody())).statusCode());
        byte[] body = "twelve bytes".getBytes(StandardCharsets.UTF_8);
        assertEquals(200, send(at("/lengths/k").PUT(HttpRequest.BodyPublishers.ofByteArray(body))).statusCode());
        HttpResponse<String> head = send(at("/lengths/k").method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals(String.valueOf(body.length), head.headers().firstValue("Content-Length").orElse("absent"));
        assertEquals("", head.body());
    }
}
