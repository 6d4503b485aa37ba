package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Other web sites are refused: what a page on {@code http://evil.example} can make a browser send (a "simple"
 * cross-origin POST with no preflight, a form POST, a GET with the page's {@code Sec-Fetch-Site}, a rebound DNS
 * name in {@code Host}) gets 403 and changes nothing, while the learner's tools and the console's own origin pass.
 */
class WebOriginTest {
    private static final String EVIL = "http://evil.example";

    @TempDir
    Path dataDir;

    private LocalCloud cloud;
    private EdgeHttp http;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir)
                .withEdge(new EdgeSettings(List.of("http://localhost:8888"), false)));
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

    /** CreateFunction as a page's fetch() sends it: text/plain (no preflight), inline code. */
    private HttpRequest.Builder createFunction(String name) throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("index.py"));
            out.write("import os\ndef handler(e, c):\n    os.system('touch /tmp/pwned')\n".getBytes(StandardCharsets.UTF_8));
        }
        String body = "{\"FunctionName\":\"" + name + "\",\"Runtime\":\"java17\",\"Handler\":\"x.Y::handleRequest\","
                + "\"Role\":\"arn:aws:iam::000000000000:role/r\",\"Code\":{\"ZipFile\":\""
                + Base64.getEncoder().encodeToString(zip.toByteArray()) + "\"}}";
        return at("/2015-03-31/functions").header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private List<String> functionNames() {
        try (LambdaClient lambda = SdkClients.client(LambdaClient.builder(), cloud.endpoint())) {
            return lambda.listFunctions().functions().stream().map(f -> f.functionName()).toList();
        }
    }

    @Test
    void aForeignOriginCannotCreateAFunction() throws Exception {
        HttpResponse<String> refused = send(createFunction("from-evil").header("Origin", EVIL));
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("AccessDeniedException", refused.headers().firstValue("X-Amzn-ErrorType").orElse(""));
        assertTrue(refused.body().contains("evil.example"), refused.body());
        assertFalse(refused.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        assertEquals(List.of(), functionNames());

        // The same request from a tool (no Origin) is what the guard stands between: it creates the function.
        assertEquals(201, send(createFunction("from-tool")).statusCode());
        assertEquals(List.of("from-tool"), functionNames());
    }

    @Test
    void aFormPostFromAForeignPageCannotDeleteAStack() throws Exception {
        try (CloudFormationClient cfn = SdkClients.client(CloudFormationClient.builder(), cloud.endpoint())) {
            cfn.createStack(r -> r.stackName("keep").templateBody("{\"Resources\":{\"Data\":{\"Type\":\"AWS::S3::Bucket\"}}}"));
            cfn.waiter().waitUntilStackCreateComplete(r -> r.stackName("keep"));
            HttpResponse<String> refused = send(at("/").header("Origin", EVIL)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("Action=DeleteStack&StackName=keep&Version=2010-05-15")));
            assertEquals(403, refused.statusCode());
            assertTrue(refused.body().contains("<Code>AccessDenied</Code>"), refused.body());
            assertEquals(StackStatus.CREATE_COMPLETE, cfn.describeStacks(r -> r.stackName("keep")).stacks().get(0).stackStatus());
        }
    }

    @Test
    void aCrossSiteGetWithoutOriginIsRefusedButAConsoleLinkOpens() throws Exception {
        assertEquals(200, send(at("/guarded").PUT(HttpRequest.BodyPublishers.noBody())).statusCode());
        HttpResponse<String> image = send(at("/guarded").header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "no-cors").header("Referer", EVIL + "/page"));
        assertEquals(403, image.statusCode());
        HttpResponse<String> link = send(at("/_console/").header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "navigate"));
        assertTrue(link.statusCode() != 403, link.statusCode() + " " + link.body());
        HttpResponse<String> sameSite = send(at("/guarded").header("Sec-Fetch-Site", "same-site")
                .header("Referer", "http://localhost:8888/notebooks/lab.ipynb"));
        assertEquals(200, sameSite.statusCode(), "an --allow-origin page may read: " + sameSite.body());
    }

    @Test
    void ownOriginAndAllowedOriginsPassWithCors() throws Exception {
        String own = "http://127.0.0.1:" + cloud.port();
        for (String origin : List.of(own, "http://localhost:" + cloud.port(), "http://LOCALHOST:8888")) {
            HttpResponse<String> tables = send(at("/").header("Origin", origin)
                    .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                    .header("Content-Type", "application/x-amz-json-1.0").POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertEquals(200, tables.statusCode(), origin + ": " + tables.body());
            assertEquals(origin, tables.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        }
        HttpResponse<String> preflight = send(at("/bucket/key").header("Origin", "http://localhost:8888")
                .header("Access-Control-Request-Method", "PUT").header("Access-Control-Request-Headers", "content-type,x-amz-date")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, preflight.statusCode());
        assertEquals("http://localhost:8888", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
        assertEquals("content-type,x-amz-date", preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("PUT"));

        HttpResponse<String> foreign = send(at("/bucket/key").header("Origin", EVIL)
                .header("Access-Control-Request-Method", "PUT").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, foreign.statusCode());
        assertFalse(foreign.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        assertEquals(403, send(at("/").header("Origin", "null").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(403, send(at("/").header("Origin", "http://localhost:9999").POST(HttpRequest.BodyPublishers.noBody())).statusCode());
    }

    @Test
    void aForeignHostIsRefusedSoDnsRebindingFails() throws Exception {
        assertTrue(raw("evil.example:" + cloud.port()).startsWith("HTTP/1.1 403"), raw("evil.example"));
        assertTrue(raw("127.0.0.1.nip.io:" + cloud.port()).startsWith("HTTP/1.1 403"));
        for (String host : List.of("127.0.0.1:" + cloud.port(), "localhost:" + cloud.port(), "localhost",
                "bucket.localhost:" + cloud.port(), "bucket.s3.localhost:" + cloud.port(), "[::1]:" + cloud.port())) {
            String response = raw(host);
            assertFalse(response.startsWith("HTTP/1.1 403"), host + ": " + response);
        }
    }

    private String raw(String host) throws Exception {
        return EdgeHttp.raw(cloud.port(), "GET /_localcloud/health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }
}
