package dev.dmapworkbook.localcloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.edge.EdgeHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker's Runtime API port is on the loopback like the edge, and a web page can reach it the same ways (a "simple"
 * cross-origin POST, a DNS name rebound to 127.0.0.1): it refuses them by the edge's rule, so a page can neither
 * report a worker's init as failed nor post an invocation's response, while the worker's own runtime client is served.
 */
class RuntimeApiOriginTest {
    @TempDir
    Path dataDir;

    private LocalCloud cloud;
    private LambdaClient lambda;

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir).withLambdaWorkers(1));
        lambda = SdkClients.client(LambdaClient.builder(), cloud.endpoint());
        lambda.createFunction(r -> r.functionName("guarded").runtime(Runtime.JAVA21).role(TestFunctions.ROLE)
                .handler(TestFunctions.BEHAVE).timeout(30).memorySize(256)
                .code(c -> c.zipFile(SdkBytes.fromByteArray(TestFunctions.zip()))));
    }

    @AfterEach
    void stop() {
        lambda.close();
        cloud.close();
    }

    /** The Runtime API address ({@code 127.0.0.1:port}) the worker that ran this invocation talks to. */
    private String runtimeApi() {
        InvokeResponse response = lambda.invoke(r -> r.functionName("guarded").payload(SdkBytes.fromUtf8String("{}")));
        assertNull(response.functionError(), response.payload().asUtf8String());
        JsonNode out = Json.parse(response.payload().asUtf8String());
        return out.path("env").path("AWS_LAMBDA_RUNTIME_API").asText();
    }

    @Test
    void aWebPageCannotReportInitErrorsNorPostResponsesAndTheWorkerKeepsServing() throws Exception {
        String api = runtimeApi();
        assertTrue(api.startsWith("127.0.0.1:"), api);
        int port = Integer.parseInt(api.substring(api.indexOf(':') + 1));

        String body = "{\"errorMessage\":\"pwned\",\"errorType\":\"Page\"}";
        String crossSite = EdgeHttp.raw(port, "POST /2018-06-01/runtime/init/error HTTP/1.1\r\nHost: " + api
                + "\r\nOrigin: http://evil.example\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertTrue(crossSite.startsWith("HTTP/1.1 403"), crossSite);
        assertTrue(crossSite.contains("requests from the web origin 'http://evil.example' are refused"), crossSite);

        String rebound = EdgeHttp.raw(port, "POST /2018-06-01/runtime/invocation/any-id/response HTTP/1.1\r\n"
                + "Host: rebound.example:" + port + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
        assertTrue(rebound.startsWith("HTTP/1.1 403"), rebound);
        assertTrue(rebound.contains("the Host 'rebound.example:" + port + "' is not this machine's loopback"), rebound);

        assertEquals(api, runtimeApi(), "the same worker still serves invocations: the page changed nothing");
    }
}
