package dev.dmapworkbook.localcloud.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * AWS's Java runtime interface client and its dependencies, the worker JVMs' classpath (what AWS keeps in
 * {@code /var/runtime/lib}). They travel inside the local cloud as resources under {@code lambda-runtime/},
 * kept off its own classpath, and are copied to {@code <dataDir>/lambda/runtime/} when missing or changed.
 */
final class RuntimeJars {
    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    private static final List<String> JARS = List.of("aws-lambda-java-runtime-interface-client.jar",
            "aws-lambda-java-core.jar", "aws-lambda-java-serialization.jar", "utils-lite.jar");

    private RuntimeJars() {
    }

    /** Installs the jars into {@code dir}; returns the classpath for {@code java -cp}. */
    static String install(Path dir) {
        try {
            Files.createDirectories(dir);
            StringBuilder classpath = new StringBuilder();
            for (String jar : JARS) {
                byte[] bytes;
                try (InputStream in = RuntimeJars.class.getClassLoader().getResourceAsStream("lambda-runtime/" + jar)) {
                    if (in == null) {
                        throw new IllegalStateException("the Lambda runtime jar lambda-runtime/" + jar
                                + " is missing from the local cloud's resources (build it with Maven)");
                    }
                    bytes = in.readAllBytes();
                }
                Path target = dir.resolve(jar);
                if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
                    Path tmp = Files.createTempFile(dir, ".jar", ".tmp");
                    Files.write(tmp, bytes);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                if (classpath.length() > 0) {
                    classpath.append(java.io.File.pathSeparatorChar);
                }
                classpath.append(target.toAbsolutePath());
            }
            return classpath.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the Lambda runtime jars into " + dir, e);
        }
    }
}
