package dev.dmapworkbook.localcloud.cloudformation;

import java.security.SecureRandom;

/** Where a resource lives: its stack, logical id, region and account; generates AWS-style physical names. */
record ResourceContext(String stackName, String stackId, String logicalId, String region, String accountId) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";

    /**
     * A generated name as CloudFormation makes one when a resource has no custom name:
     * {@code <stack>-<logicalId>-<random>}, cut to fit {@code maxLength}; lower case for S3 buckets.
     */
    String generatedName(int maxLength, boolean lowerCase) {
        String suffix = random(lowerCase ? 12 : 12, lowerCase ? LOWER : UPPER);
        String stack = lowerCase ? stackName.toLowerCase() : stackName;
        String logical = lowerCase ? logicalId.toLowerCase() : logicalId;
        int room = maxLength - suffix.length() - 2;
        if (stack.length() + logical.length() > room) {
            int half = Math.max(1, room / 2);
            logical = logical.substring(0, Math.min(logical.length(), Math.max(half, room - Math.min(stack.length(), half))));
            stack = stack.substring(0, Math.min(stack.length(), room - logical.length()));
        }
        return stack + "-" + logical + "-" + suffix;
    }

    String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + resource;
    }

    static String random(int length, String alphabet) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
