package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.SdkClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client errors get AWS's 4xx in the service's own shape: never a 500, never a local path in the message. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestsTest {
    private LocalCloud cloud;
    private Path dataDir;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        this.dataDir = dataDir;
        cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
        try (S3Client s3 = SdkClients.client(S3Client.builder().forcePathStyle(true), cloud.endpoint())) {
            s3.createBucket(r -> r.bucket("malformed"));
        }
    }

    @AfterAll
    void stop() {
        cloud.close();
    }

    @Test
    void dynamoDbBodiesThatAreNotObjectsAreSerializationExceptions() throws IOException {
        for (String body : List.of("null", "[]", "42", "\"text\"", "{\"TableName\":")) {
            Answer answer = send(dynamo("ListTables", body.length()) + body, false);
            assertEquals(400, answer.status(), body + " -> " + answer);
            assertTrue(answer.text().contains("SerializationException"), body + " -> " + answer);
        }
    }

    @Test
    void truncatedBodiesAreIncompleteBody() throws IOException {
        Answer s3 = send("PUT /malformed/short HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nonly ten b", true);
        assertEquals(400, s3.status(), s3.toString());
        assertTrue(s3.text().contains("<Code>IncompleteBody</Code>"), s3.toString());
        Answer missing = send("HEAD /malformed/short HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", false);
        assertEquals(404, missing.status(), "nothing stored from the truncated body");

        Answer json = send(dynamo("ListTables", 50) + "{\"Limit\":", true);
        assertEquals(400, json.status(), json.toString());
        assertTrue(json.text().contains("IncompleteBody"), json.toString());
    }

    @Test
    void badAwsChunkedSizesAre400() throws IOException {
        for (String chunkSize : List.of("zz", "-5", "fffffffffffffffffffff", "7fffffffffffffff", "")) {
            String body = chunkSize + "\r\nhello\r\n0\r\n\r\n";
            Answer answer = send("PUT /malformed/chunked HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Encoding: aws-chunked\r\n"
                    + "x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\nx-amz-decoded-content-length: 5\r\n"
                    + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body, false);
            assertEquals(400, answer.status(), "chunk size '" + chunkSize + "' -> " + answer);
        }
    }

    @Test
    void unextractableZipEntriesAreInvalidZipFile() throws IOException {
        try (LambdaClient lambda = SdkClients.client(LambdaClient.builder(), cloud.endpoint())) {
            for (List<String> entries : List.of(List.of("."), List.of("a/.."), List.of("a", "a/b"))) {
                String body = "{\"FunctionName\":\"zip\",\"Runtime\":\"java17\",\"Handler\":\"x.Y::h\","
                        + "\"Role\":\"arn:aws:iam::000000000000:role/r\",\"Code\":{\"ZipFile\":\"" + zip(entries) + "\"}}";
                Answer answer = send("POST /2015-03-31/functions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body, false);
                assertEquals(400, answer.status(), entries + " -> " + answer);
                assertTrue(answer.text().contains("InvalidZipFileException"), entries + " -> " + answer);
                assertFalse(answer.text().contains(dataDir.toString()), answer.toString());
            }
            assertEquals(List.of(), lambda.listFunctions().functions());
        }
    }

    @Test
    void credentialScopeRegionsThatAreNotRegionsAre4xx() throws IOException {
        for (String region : List.of("..", ".", "a".repeat(300), "US-EAST-1", "us east 1")) {
            for (String service : List.of("lambda", "s3", "logs")) {
                String auth = "AWS4-HMAC-SHA256 Credential=test/20260101/" + region + "/" + service
                        + "/aws4_request, SignedHeaders=host, Signature=00";
                String request = service.equals("lambda") ? "GET /2015-03-31/functions/ HTTP/1.1\r\n"
                        : service.equals("s3") ? "GET /malformed HTTP/1.1\r\n"
                        : "POST / HTTP/1.1\r\nX-Amz-Target: Logs_20140328.DescribeLogGroups\r\nContent-Length: 2\r\n";
                Answer answer = send(request + "Host: 127.0.0.1\r\nAuthorization: " + auth + "\r\nConnection: close\r\n\r\n"
                        + (service.equals("logs") ? "{}" : ""), false);
                assertTrue(answer.status() >= 400 && answer.status() < 500, region + " " + service + " -> " + answer);
                assertFalse(answer.text().contains(dataDir.toString()), answer.toString());
            }
        }
    }

    private static String dynamo(String operation, int length) {
        return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: DynamoDB_20120810." + operation
                + "\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: " + length + "\r\nConnection: close\r\n\r\n";
    }

    private static String zip(List<String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (String name : entries) {
                zip.putNextEntry(new ZipEntry(name));
                if (!name.endsWith("/")) {
                    zip.write("content".getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    record Answer(int status, String text) {
    }

    /** Sends raw bytes (these are requests no SDK would build); {@code halfClose} ends the upload early. */
    private Answer send(String request, boolean halfClose) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", cloud.port())) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            if (halfClose) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
