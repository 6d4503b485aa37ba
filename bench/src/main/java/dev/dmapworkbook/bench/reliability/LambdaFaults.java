package dev.dmapworkbook.bench.reliability;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Lambda's fault modes, each answered as AWS answers it and followed by a plain invocation that must succeed on
 * the same function (the pool recovers): an exception, {@code System.exit}, a full heap, 600 MB of native memory in
 * a 128 MB function (the whole process is held to MemorySize), a timeout.
 */
final class LambdaFaults {
    private static final String SOURCE = """
            import java.util.Map;
            public class Faults {
                public String handleRequest(Map<String, Object> event) throws Exception {
                    switch (String.valueOf(event.get("fault"))) {
                        case "throw": throw new IllegalStateException("asked to throw");
                        case "exit": System.exit(3);
                        case "heap": { java.util.List<long[]> hog = new java.util.ArrayList<>(); while (true) hog.add(new long[1 << 20]); }
                        case "native": {
                            java.lang.reflect.Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                            f.setAccessible(true);
                            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) f.get(null);
                            long size = 600L << 20, at = unsafe.allocateMemory(size);
                            for (long i = 0; i < size; i += 4096) unsafe.putByte(at + i, (byte) 1);
                            return "survived 600 MB";
                        }
                        case "sleep": Thread.sleep(10_000); return "woke";
                        default: return "ok";
                    }
                }
            }
            """;

    /** A fault, and the error type (or types) AWS reports for it. */
    private record Fault(String name, List<String> errorTypes) {
    }

    private static final List<Fault> FAULTS = List.of(new Fault("throw", List.of("java.lang.IllegalStateException")),
            new Fault("exit", List.of("Runtime.ExitError")),
            new Fault("heap", List.of("java.lang.OutOfMemoryError", "Runtime.ExitError")),
            new Fault("native", List.of("Runtime.ExitError")),
            new Fault("sleep", List.of("Sandbox.Timedout")));

    private LambdaFaults() {
    }

    static Tally run(Path dir, int rounds) throws Exception {
        byte[] zip = compile(dir.resolve("faults-src"));
        try (Cloud cloud = Cloud.start(dir.resolve("faults"));
             LambdaClient lambda = Sdk.client(LambdaClient.builder(), cloud.endpoint())) {
            lambda.createFunction(r -> r.functionName("faults").runtime(Runtime.JAVA17).role(Sdk.ROLE).handler("Faults::handleRequest")
                    .memorySize(128).timeout(3).code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
            long tried = 0;
            long right = 0;
            StringBuilder wrong = new StringBuilder();
            for (int round = 0; round < rounds; round++) {
                for (Fault fault : FAULTS) {
                    tried += 2;
                    InvokeResponse failed = invoke(lambda, fault.name());
                    String type = errorType(failed);
                    if ("Unhandled".equals(failed.functionError()) && fault.errorTypes().contains(type)) {
                        right++;
                    } else {
                        wrong.append(' ').append(fault.name()).append("→").append(type);
                    }
                    InvokeResponse after = invoke(lambda, "none");
                    if (after.functionError() == null && after.payload().asUtf8String().equals("\"ok\"")) {
                        right++;
                    } else {
                        wrong.append(' ').append(fault.name()).append(":no recovery");
                    }
                }
            }
            return new Tally("Lambda fault modes", tried, right, tried - right, "throw, exit, full heap, 600 MB native at "
                    + "128 MB, timeout; each then a plain Invoke" + (wrong.length() == 0 ? "" : "; wrong:" + wrong));
        }
    }

    private static InvokeResponse invoke(LambdaClient lambda, String fault) {
        return lambda.invoke(r -> r.functionName("faults").payload(SdkBytes.fromUtf8String("{\"fault\":\"" + fault + "\"}")));
    }

    private static String errorType(InvokeResponse response) {
        String payload = response.payload().asUtf8String();
        int at = payload.indexOf("\"errorType\"");
        if (at < 0) {
            return "none";
        }
        int start = payload.indexOf('"', payload.indexOf(':', at) + 1) + 1;
        return payload.substring(start, payload.indexOf('"', start));
    }

    /** Compiles the handler with this JDK's compiler (it needs no library) and zips the class. */
    private static byte[] compile(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path source = dir.resolve("Faults.java");
        Files.writeString(source, SOURCE, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null || javac.run(null, null, null, "-nowarn", "-d", dir.toString(), source.toString()) != 0) {
            throw new IllegalStateException("cannot compile the fault handler (needs a JDK, not a JRE)");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("Faults.class"));
            zip.write(Files.readAllBytes(dir.resolve("Faults.class")));
        }
        return bytes.toByteArray();
    }
}
