package dev.dmapworkbook.localcloud.lambda;

import dev.dmapworkbook.localcloud.LocalCloudConfig;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function as a caller names it: {@code my-function}, {@code my-function:1}, the partial ARN
 * {@code 000000000000:function:my-function} or the full ARN {@code arn:aws:lambda:us-east-1:000000000000:function:my-function[:qualifier]}
 * (Lambda API Reference, "FunctionName" of Invoke). A qualifier in the name and in {@code Qualifier} must agree.
 */
record FunctionRef(String region, String name, String qualifier) {
    private static final Pattern FULL = Pattern.compile(
            "arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\\d{12}):function:([a-zA-Z0-9-_]+)(?::(\\$LATEST|[a-zA-Z0-9-_]+))?");
    private static final Pattern PARTIAL = Pattern.compile("(\\d{12}):function:([a-zA-Z0-9-_]+)(?::(\\$LATEST|[a-zA-Z0-9-_]+))?");
    private static final Pattern NAME = Pattern.compile("([a-zA-Z0-9-_]{1,64})(?::(\\$LATEST|[a-zA-Z0-9-_]+))?");

    static FunctionRef parse(String nameOrArn, String qualifierParameter, String requestRegion) {
        if (nameOrArn == null || nameOrArn.isEmpty()) {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null");
        }
        String region = requestRegion;
        String name;
        String qualifier;
        Matcher m;
        if ((m = FULL.matcher(nameOrArn)).matches()) {
            region = m.group(1);
            name = m.group(3);
            qualifier = m.group(4);
        } else if ((m = PARTIAL.matcher(nameOrArn)).matches()) {
            name = m.group(2);
            qualifier = m.group(3);
        } else if ((m = NAME.matcher(nameOrArn)).matches()) {
            name = m.group(1);
            qualifier = m.group(2);
        } else {
            throw LambdaError.VALIDATION.exception("1 validation error detected: Value '" + nameOrArn
                    + "' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
        }
        if (qualifierParameter != null && !qualifierParameter.isEmpty()) {
            if (qualifier != null && !qualifier.equals(qualifierParameter)) {
                throw LambdaError.INVALID_PARAMETER_VALUE.exception("The derived qualifier from the function name does not match the specified qualifier.");
            }
            qualifier = qualifierParameter;
        }
        if (!region.equals(requestRegion)) {
            throw LambdaError.INVALID_PARAMETER_VALUE.exception("Functions from '" + region + "' are not reachable in this region ('"
                    + requestRegion + "')");
        }
        return new FunctionRef(region, name, qualifier);
    }

    static String arn(String region, String name) {
        return "arn:aws:lambda:" + region + ":" + LocalCloudConfig.ACCOUNT_ID + ":function:" + name;
    }

    String unqualifiedArn() {
        return arn(region, name);
    }

    /** The ARN AWS names in "Function not found" (qualified when the caller qualified it). */
    String arn() {
        return qualifier == null ? unqualifiedArn() : unqualifiedArn() + ":" + qualifier;
    }

    String version() {
        return qualifier == null ? "$LATEST" : qualifier;
    }
}
