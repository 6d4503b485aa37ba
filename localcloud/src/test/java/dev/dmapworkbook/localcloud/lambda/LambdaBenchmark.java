package dev.dmapworkbook.localcloud.lambda;

import dev.dmapworkbook.localcloud.LocalCloud;
import dev.dmapworkbook.localcloud.LocalCloudConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Prints cold and warm invoke latency (issue 4; printed, never asserted): a cold invocation starts a worker JVM,
 * warm ones reuse it, through the SDK over the edge and in-process through {@link LambdaInvoker}. Run after
 * {@code test-compile}: {@code java -cp localcloud/target/test-classes:localcloud/target/classes:$(cat cp.txt)
 * dev.dmapworkbook.localcloud.lambda.LambdaBenchmark}.
 */
public final class LambdaBenchmark {
    private static final int WARM = 200;

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("lambda-benchmark");
        try (LocalCloud cloud = LocalCloud.start(LocalCloudConfig.forTests(dataDir));
             LambdaClient lambda = LambdaClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            byte[] zip = TestFunctions.zip();
            for (int round = 1; round <= 3; round++) {
                String name = "bench-" + round;
                lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA17).role(TestFunctions.ROLE)
                        .handler(TestFunctions.BEHAVE).timeout(30).memorySize(512)
                        .code(c -> c.zipFile(SdkBytes.fromByteArray(zip))));
                long start = System.nanoTime();
                lambda.invoke(r -> r.functionName(name).payload(SdkBytes.fromUtf8String("{}")));
                System.out.printf(Locale.ROOT, "cold invoke (new worker JVM), SDK over the edge: %.1f ms%n", (System.nanoTime() - start) / 1e6);
            }
            double[] sdk = new double[WARM];
            for (int i = 0; i < WARM; i++) {
                long start = System.nanoTime();
                lambda.invoke(r -> r.functionName("bench-1").payload(SdkBytes.fromUtf8String("{\"i\":1}")));
                sdk[i] = (System.nanoTime() - start) / 1e6;
            }
            print("warm invoke, SDK over the edge", sdk);
            double[] get = new double[WARM];
            for (int i = 0; i < WARM; i++) {
                long start = System.nanoTime();
                lambda.getFunctionConfiguration(r -> r.functionName("bench-1"));
                get[i] = (System.nanoTime() - start) / 1e6;
            }
            print("GetFunctionConfiguration, SDK over the edge (no worker involved)", get);
            LambdaInvoker invoker = cloud.service(LambdaService.class).invoker();
            double[] inProcess = new double[WARM];
            for (int i = 0; i < WARM; i++) {
                long start = System.nanoTime();
                invoker.invoke("bench-1", "{\"i\":1}".getBytes(StandardCharsets.UTF_8), "us-east-1");
                inProcess[i] = (System.nanoTime() - start) / 1e6;
            }
            print("warm invoke, in-process LambdaInvoker", inProcess);
        }
    }

    private static void print(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%s: median %.2f ms, p90 %.2f ms, min %.2f ms (%d calls)%n", what,
                sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.9)], sorted[0], sorted.length);
    }
}
