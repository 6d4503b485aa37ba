package dev.dmapworkbook.localcloud.states;

import dev.dmapworkbook.localcloud.LocalCloudConfig;

import java.util.regex.Pattern;

/** Step Functions ARNs (spec §1.1) and name rules. */
final class Arns {
    static final String ACCOUNT = LocalCloudConfig.ACCOUNT_ID;
    private static final Pattern NAME_FORBIDDEN = Pattern.compile("[\\s<>{}\\[\\]?*\"#%\\\\^|~$&,;:/`\\x00-\\x1f\\x7f-\\x9f]");
    private static final Pattern STATE_MACHINE = Pattern.compile("arn:aws[a-z-]*:states:([a-z0-9-]+):(\\d{12}):stateMachine:([^:]+)(:.+)?");
    private static final Pattern EXECUTION = Pattern.compile("arn:aws[a-z-]*:states:([a-z0-9-]+):(\\d{12}):(execution|express):([^:]+):([^:]+)(:.+)?");

    private Arns() {
    }

    static String stateMachine(String region, String name) {
        return "arn:aws:states:" + region + ":" + ACCOUNT + ":stateMachine:" + name;
    }

    static String execution(String region, String smName, String execName) {
        return "arn:aws:states:" + region + ":" + ACCOUNT + ":execution:" + smName + ":" + execName;
    }

    static String express(String region, String smName, String execName, String id) {
        return "arn:aws:states:" + region + ":" + ACCOUNT + ":express:" + smName + ":" + execName + ":" + id;
    }

    /** The name of a state machine ARN; InvalidArn when it is not one. */
    static String stateMachineName(String arn) {
        var m = STATE_MACHINE.matcher(arn == null ? "" : arn);
        if (!m.matches()) {
            throw StatesError.invalidArn(arn);
        }
        return m.group(3);
    }

    static String region(String arn) {
        String[] parts = arn.split(":");
        return parts.length > 3 ? parts[3] : LocalCloudConfig.DEFAULT_REGION;
    }

    /** Validates an execution ARN; {@code express:} ARNs are refused where AWS refuses them (spec §2.9). */
    static void checkExecution(String arn, boolean allowExpress) {
        var m = EXECUTION.matcher(arn == null ? "" : arn);
        if (!m.matches()) {
            throw StatesError.invalidArn(arn);
        }
        if (!allowExpress && m.group(3).equals("express")) {
            throw StatesError.INVALID_ARN.exception("Invalid Arn: 'Resource type not valid in this context: express'");
        }
    }

    /** An execution ARN of a Map Run child: its state machine part is {@code <stateMachine>/<label>} (spec §1.1). */
    static boolean isMapRunChild(String arn) {
        var m = EXECUTION.matcher(arn == null ? "" : arn);
        return m.matches() && m.group(4).contains("/");
    }

    static boolean isMapRun(String arn) {
        return arn != null && arn.matches("arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:mapRun:.+");
    }

    /** Names: 1–80 characters, none of the forbidden characters (spec §1.1). */
    static void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 80 || NAME_FORBIDDEN.matcher(name).find()) {
            throw StatesError.INVALID_NAME.exception("Invalid Name: '" + name + "'");
        }
    }
}
