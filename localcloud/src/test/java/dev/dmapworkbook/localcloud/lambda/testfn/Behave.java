package dev.dmapworkbook.localcloud.lambda.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Does what the event's {@code action} says: echo (default) the event, its environment and context; throw; sleep;
 * exit the JVM; exhaust the heap; print lines.
 */
public class Behave implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final long LOADED = System.nanoTime();
    private static int invocations;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        invocations++;
        String action = String.valueOf(event.getOrDefault("action", "echo"));
        System.out.println("behave " + action + " in " + context.getAwsRequestId());
        switch (action) {
            case "throw" -> throw new IllegalArgumentException("boom: " + event.get("message"));
            case "sleep" -> {
                try {
                    Thread.sleep(((Number) event.get("ms")).longValue());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case "exit" -> System.exit(((Number) event.get("status")).intValue());
            case "oom" -> {
                List<long[]> hog = new ArrayList<>();
                while (true) {
                    hog.add(new long[1 << 20]);
                }
            }
            case "native" -> touchNative(((Number) event.get("mb")).longValue());
            case "print" -> {
                for (int i = 0; i < ((Number) event.get("lines")).intValue(); i++) {
                    System.out.println("line " + i);
                }
                System.err.println("to stderr");
            }
            default -> {
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("event", event);
        out.put("env", new LinkedHashMap<>(System.getenv()));
        out.put("requestId", context.getAwsRequestId());
        out.put("functionName", context.getFunctionName());
        out.put("functionVersion", context.getFunctionVersion());
        out.put("invokedFunctionArn", context.getInvokedFunctionArn());
        out.put("memoryLimitInMB", context.getMemoryLimitInMB());
        out.put("remainingTimeInMillis", context.getRemainingTimeInMillis());
        out.put("logGroupName", context.getLogGroupName());
        out.put("logStreamName", context.getLogStreamName());
        out.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        out.put("userDir", System.getProperty("user.dir"));
        out.put("invocationsInThisJvm", invocations);
        out.put("jvmLoadedNanos", LOADED);
        return out;
    }

    /** Allocates outside the heap (as JNI or direct buffers would) and writes every page, so it is resident. */
    private static void touchNative(long mb) {
        try {
            java.lang.reflect.Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            sun.misc.Unsafe unsafe = (sun.misc.Unsafe) field.get(null);
            long bytes = mb * 1024 * 1024;
            long address = unsafe.allocateMemory(bytes);
            for (long at = 0; at < bytes; at += 4096) {
                unsafe.putByte(address + at, (byte) 1);
            }
            unsafe.freeMemory(address);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
