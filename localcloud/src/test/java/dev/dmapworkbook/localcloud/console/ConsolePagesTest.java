package dev.dmapworkbook.localcloud.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The console's pages over HTTP, as a browser gets them: every page answers, user data is text, the two actions work
 * for the console's own origin and not for another web site's.
 */
class ConsolePagesTest {
    static final String EVIL = "<img src=x onerror=alert(1)>";
    static final String DEFINITION = """
            {"StartAt": "Check", "States": {
              "Check": {"Type": "Choice", "Choices": [{"Variable": "$.wait", "IsPresent": true, "Next": "Wait a bit"}],
                        "Default": "%1$s"},
              "Wait a bit": {"Type": "Wait", "Seconds": 30, "Next": "%1$s"},
              "%1$s": {"Type": "Pass", "Result": {"said": "%1$s"}, "End": true}}}""".formatted(EVIL);

    @TempDir
    Path temp;
    LocalCloud cloud;
    SfnClient sfn;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() {
        cloud = LocalCloud.start(LocalCloudConfig.forTests(temp.resolve("cloud")));
        sfn = SdkClients.client(SfnClient.builder(), cloud.endpoint());
    }

    @AfterEach
    void stop() {
        sfn.close();
        cloud.close();
    }

    @Test
    void pagesShowWhatRanAndUserDataIsText() throws Exception {
        String sm = sfn.createStateMachine(r -> r.name("console-test").definition(DEFINITION)
                .roleArn("arn:aws:iam::000000000000:role/R")).stateMachineArn();
        String execution = sfn.startExecution(r -> r.stateMachineArn(sm).name("first").input("{\"note\":\"</pre><script>x()</script>\"}"))
                .executionArn();
        await(execution);

        HttpResponse<String> home = get("/_console/");
        assertEquals(200, home.statusCode());
        assertTrue(home.body().contains(Html.href("state-machines", sm)), home.body());
        assertTrue(home.body().contains(Html.href("executions", execution)), home.body());
        assertTrue(home.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));

        String smPage = get(Html.href("state-machines", sm)).body();
        assertTrue(smPage.contains("data-state=\"&lt;img src=x onerror=alert(1)&gt;\""), smPage);
        assertFalse(smPage.contains(EVIL), "the state name is never markup");
        assertTrue(smPage.contains("Start execution"), smPage);

        HttpResponse<String> exPage = get(Html.href("executions", execution));
        assertEquals(200, exPage.statusCode());
        String body = exPage.body();
        assertFalse(body.contains(EVIL) || body.contains("<script>x()"), "inputs, outputs and names are text");
        assertTrue(body.contains("data-status=\"SUCCEEDED\""), body);
        assertTrue(body.contains("PassStateExited"), body);
        assertTrue(body.contains("data-state=\"Wait a bit\" data-type=\"Wait\" data-status=\"NOT_REACHED\""), body);
        assertTrue(body.contains("data-state=\"Check\" data-type=\"Choice\" data-status=\"SUCCEEDED\""), body);

        assertEquals(404, get(Html.href("executions", execution + "-missing")).statusCode());
        assertEquals(200, get("/_console/assets/console.js").statusCode());
        assertEquals(200, get("/_console/assets/console.css").statusCode());
    }

    @Test
    void startAndStopWorkFromTheConsoleOwnOriginOnly() throws Exception {
        String sm = sfn.createStateMachine(r -> r.name("console-actions").definition(DEFINITION)
                .roleArn("arn:aws:iam::000000000000:role/R")).stateMachineArn();
        String own = "http://127.0.0.1:" + cloud.port();
        String action = Html.href("state-machines", sm) + "/start";

        HttpResponse<String> refused = post(action, "https://evil.example", "name=x&input=%7B%7D");
        assertEquals(403, refused.statusCode(), refused.body());
        HttpResponse<String> badJson = post(action, own, "name=x&input=%7Bnot+json");
        assertEquals(400, badJson.statusCode());
        assertTrue(badJson.body().contains("The input is not valid JSON"), badJson.body());

        HttpResponse<String> started = post(action, own, "name=from-console&input=%7B%22wait%22%3Atrue%7D");
        assertEquals(303, started.statusCode(), started.body());
        String location = started.headers().firstValue("Location").orElseThrow();
        String executionArn = sm.replace(":stateMachine:", ":execution:") + ":from-console";
        assertEquals(Html.href("executions", executionArn), location);
        String running = get(location).body();
        assertTrue(running.contains("data-live=") && running.contains("Stop execution"), running);
        String live = get(Html.href("live/executions", executionArn)).body();
        assertTrue(live.contains("\"Wait a bit\":\"IN_PROGRESS\""), live);

        assertEquals(403, post(location + "/stop", "https://evil.example", "").statusCode());
        assertEquals(303, post(location + "/stop", own, "").statusCode());
        assertEquals(ExecutionStatus.ABORTED, sfn.describeExecution(r -> r.executionArn(executionArn)).status());
    }

    private void await(String execution) throws InterruptedException {
        for (int i = 0; i < 500 && sfn.describeExecution(r -> r.executionArn(execution)).status() == ExecutionStatus.RUNNING; i++) {
            Thread.sleep(20);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String origin, String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cloud.port() + path))
                .timeout(Duration.ofSeconds(60)).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
