package dev.dmapworkbook.localcloud.lambda;

import dev.dmapworkbook.localcloud.core.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * AWS's Java runtime interface client and its dependencies, the worker JVMs' classpath (what AWS keeps in
 * {@code /var/runtime/lib}). They travel inside the local cloud as resources under {@code lambda-runtime/},
 * kept off its own classpath, and are copied to {@code <dataDir>/lambda/runtime/} when missing or changed.
 */
final class RuntimeJars {
    static final String MAIN_CLASS = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    /**
     * Where the client loads its native library from. Without it, every starting JVM copies the library to the
     * one path {@code /tmp/.libaws-lambda-jni.so} and loads it: JVMs starting together overwrite it under each
     * other's {@code dlopen} and die of SIGBUS. We extract it once per data dir and name it here.
     */
    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** The worker JVM's classpath and the native library's path. */
    record Installed(String classpath, Path nativeLibrary) {
    }
    private static final List<String> JARS = List.of("aws-lambda-java-runtime-interface-client.jar",
            "aws-lambda-java-core.jar", "aws-lambda-java-serialization.jar", "utils-lite.jar");

    private RuntimeJars() {
    }

    private static Path nativeLibrary(Path dir) throws IOException {
        String arch = System.getProperty("os.arch");
        String name = arch.equals("aarch64") || arch.equals("arm64") ? "libaws-lambda-jni.linux-aarch_64.so"
                : "libaws-lambda-jni.linux-x86_64.so";
        Path target = dir.resolve(name);
        byte[] bytes;
        try (var jar = new java.util.zip.ZipFile(dir.resolve(JARS.get(0)).toFile())) {
            var entry = jar.getEntry("jni/" + name);
            if (entry == null) {
                throw new IllegalStateException("the runtime interface client has no native library for " + arch);
            }
            try (InputStream in = jar.getInputStream(entry)) {
                bytes = in.readAllBytes();
            }
        }
        if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
            // written beside and moved into place: a running worker keeps its mapping of the old file intact
            AtomicFiles.write(target, bytes);
        }
        return target.toAbsolutePath();
    }

    /** Installs the jars and the client's native library into {@code dir}. */
    static Installed install(Path dir) {
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
                    AtomicFiles.write(target, bytes);
                }
                if (classpath.length() > 0) {
                    classpath.append(java.io.File.pathSeparatorChar);
                }
                classpath.append(target.toAbsolutePath());
            }
            return new Installed(classpath.toString(), nativeLibrary(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the Lambda runtime jars into " + dir, e);
        }
    }
}
