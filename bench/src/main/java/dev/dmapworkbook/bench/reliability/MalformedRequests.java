package dev.dmapworkbook.bench.reliability;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Requests no SDK sends: broken request lines, oversized and too many headers, bad framing, truncated bodies,
 * bodies each service cannot read, impossible regions. Each must get an AWS-shaped 4xx: never a 5xx, a hang or a
 * silent close. The set is generated from a fixed seed, so every run sends the same requests.
 */
final class MalformedRequests {
    record Request(String what, byte[] bytes, boolean halfClose) {
    }

    private MalformedRequests() {
    }

    static Tally run(Path dir, int count) throws Exception {
        try (Cloud cloud = Cloud.start(dir.resolve("malformed"))) {
            RawHttp.send(cloud.port, ("PUT /target HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII), false);
            long shaped = 0;
            long other4xx = 0;
            long accepted = 0;
            long lost = 0;
            StringBuilder bad = new StringBuilder();
            List<Request> requests = generate(count);
            for (Request request : requests) {
                RawHttp.Answer answer = RawHttp.send(cloud.port, request.bytes(), request.halfClose());
                if (answer.awsShaped4xx()) {
                    shaped++;
                } else if (answer.kind() == RawHttp.Kind.ANSWERED && answer.status() < 400) {
                    accepted++;
                } else if (answer.kind() == RawHttp.Kind.ANSWERED && answer.status() < 500) {
                    other4xx++;
                    bad.append("; ").append(request.what()).append(" → ").append(answer.status()).append(" not AWS-shaped");
                } else {
                    lost++;
                    bad.append("; ").append(request.what()).append(" → ")
                            .append(answer.kind() == RawHttp.Kind.ANSWERED ? String.valueOf(answer.status()) : answer.kind());
                }
            }
            return new Tally("malformed HTTP requests", requests.size(), shaped + accepted, lost + other4xx,
                    shaped + " AWS-shaped 4xx, " + accepted + " accepted (2xx), " + other4xx + " unshaped 4xx, " + lost
                            + " 5xx/hang/silent close" + (bad.length() == 0 ? "" : bad.substring(0, Math.min(bad.length(), 600))));
        }
    }

    static List<Request> generate(int count) {
        Random random = new Random(18);
        List<Request> all = new ArrayList<>();
        String host = "Host: 127.0.0.1\r\n";
        List<String> fixed = List.of(
                "GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /%zz HTTP/1.1\r\n" + host + "\r\n",
                "GET / HTTP/1.1\r\nBad Header: x\r\n\r\n", "GET / HTTP/1.1\r\n folded: x\r\n\r\n",
                "GET / HTTP/1.1\r\n" + host + "X-Nul: a\u0000b\r\n\r\n",
                "POST / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n",
                "POST / HTTP/1.1\r\n" + host + "Content-Length: 1e3\r\n\r\n",
                "POST / HTTP/1.1\r\n" + host + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n",
                "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
        for (String text : fixed) {
            all.add(new Request(text.lines().findFirst().orElse(""), bytes(text), false));
        }
        for (int size : new int[]{70_000, 200_000, 1 << 20}) {
            all.add(new Request("a " + size + "-byte header", bytes("GET / HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(size)
                    + "\r\n\r\n"), false));
        }
        for (int n : new int[]{201, 1000, 5000}) {
            StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n" + host);
            for (int i = 0; i < n; i++) {
                many.append("X-H").append(i).append(": v\r\n");
            }
            all.add(new Request(n + " headers", bytes(many.append("\r\n").toString()), false));
        }
        while (all.size() < count) {
            all.add(randomRequest(random, all.size(), host));
        }
        return all.subList(0, count);
    }

    private static final List<String> JSON_TARGETS = List.of("DynamoDB_20120810.PutItem|application/x-amz-json-1.0",
            "DynamoDB_20120810.Query|application/x-amz-json-1.0", "AWSStepFunctions.CreateStateMachine|application/x-amz-json-1.0",
            "AWSStepFunctions.StartExecution|application/x-amz-json-1.0", "Logs_20140328.PutLogEvents|application/x-amz-json-1.1");
    private static final List<String> JSON_BODIES = List.of("null", "[]", "42", "\"s\"", "{", "{\"a\":", "{\"TableName\":{}}",
            "{\"name\":[1,2]}", "\u00ff\u00fe", "{\"stateMachineArn\":\"arn:aws:states:us-east-1:000000000000:stateMachine:../../x\"}");

    // one flat switch, a kind of bad request to its generator: longer than ~40 lines, and clearest so
    private static Request randomRequest(Random random, int index, String host) {
        int kind = random.nextInt(6);
        return switch (kind) {
            case 0 -> {
                String[] target = JSON_TARGETS.get(random.nextInt(JSON_TARGETS.size())).split("\\|");
                String body = JSON_BODIES.get(random.nextInt(JSON_BODIES.size()));
                yield new Request(target[0] + " " + body, bytes("POST / HTTP/1.1\r\n" + host + "X-Amz-Target: " + target[0]
                        + "\r\nContent-Type: " + target[1] + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                        + "\r\nConnection: close\r\n\r\n" + body), false);
            }
            case 1 -> {
                int declared = 10 + random.nextInt(1000);
                String path = random.nextBoolean() ? "/target/truncated" + index : "/";
                String target = path.equals("/") ? "X-Amz-Target: DynamoDB_20120810.ListTables\r\n" : "";
                yield new Request("truncated body to " + path, bytes((path.equals("/") ? "POST " : "PUT ") + path + " HTTP/1.1\r\n"
                        + host + target + "Content-Length: " + declared + "\r\n\r\n" + "x".repeat(random.nextInt(declared))), true);
            }
            case 2 -> {
                String size = List.of("zz", "-1", "fffffffffffffffffffff", "", "7fffffffffffffff", "5;chunk-signature=zz")
                        .get(random.nextInt(6));
                String body = size + "\r\nhello\r\n0\r\n\r\n";
                yield new Request("aws-chunked size '" + size + "'", bytes("PUT /target/chunked HTTP/1.1\r\n" + host
                        + "Content-Encoding: aws-chunked\r\nx-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\n"
                        + "x-amz-decoded-content-length: 5\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                        + body), false);
            }
            case 3 -> {
                String region = List.of("..", ".", "a".repeat(300), "us-east-1/..", "US_EAST_1", "", "x").get(random.nextInt(7));
                String service = List.of("s3", "lambda", "dynamodb", "logs", "states").get(random.nextInt(5));
                yield new Request("region '" + abbreviate(region) + "' for " + service, bytes("GET /target HTTP/1.1\r\n" + host
                        + "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/" + region + "/" + service
                        + "/aws4_request, SignedHeaders=host, Signature=00\r\nConnection: close\r\n\r\n"), false);
            }
            case 4 -> {
                String xml = List.of("<Delete><Object><Key>", "not xml", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Delete>&e;</Delete>",
                        "<Delete></Delete>").get(random.nextInt(4));
                yield new Request("DeleteObjects " + abbreviate(xml), bytes("POST /target?delete HTTP/1.1\r\n" + host
                        + "Content-Length: " + xml.length() + "\r\nConnection: close\r\n\r\n" + xml), false);
            }
            default -> {
                byte[] noise = new byte[1 + random.nextInt(2000)];
                random.nextBytes(noise);
                yield new Request("random bytes", noise, false);
            }
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() > 24 ? text.substring(0, 24) + "…" : text;
    }
}
