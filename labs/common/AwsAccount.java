import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sts.StsClient;

import java.util.function.Consumer;

/**
 * The AWS target: the default region and credential chains, the account they belong to (STS GetCallerIdentity),
 * and the learner's go-ahead: account, region and the lab's cost shown, then asked unless {@code --yes}.
 */
final class AwsAccount {
    private AwsAccount() {
    }

    /** {@code note} gets the target line, {@code say} the cost; stops (nothing created) unless the learner agrees. */
    static Target connect(LabOptions options, Terminal terminal, String cost, Consumer<String> note, Consumer<String> say) {
        Region region;
        try {
            region = options.value("--region").map(Region::of).orElseGet(() -> new DefaultAwsRegionProviderChain().getRegion());
        } catch (RuntimeException e) {
            throw new Workbook.Stop("no AWS region configured: set AWS_REGION (or a profile's region), or pass --region");
        }
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try {
            credentials.resolveCredentials();
        } catch (RuntimeException e) {
            throw new Workbook.Stop("no AWS credentials found for --target aws (the default credential chain: "
                    + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws, SSO, instance role). "
                    + "Configure them (e.g. `aws configure` or `aws sso login`), or run with --target local.");
        }
        Target unnamed = new Target(false, region, credentials, null, null, null);
        String account;
        try (StsClient sts = unnamed.client(StsClient.builder())) {
            account = sts.getCallerIdentity().account();
        } catch (RuntimeException e) {
            throw new Workbook.Stop("AWS rejected the credentials: " + e.getMessage());
        }
        note.accept("target aws · account " + account + " · " + region);
        say.accept("  Estimated cost of this lab on AWS: " + cost);
        if (!options.flag("--yes")) {
            if (!terminal.interactive()) {
                throw new Workbook.Stop("this lab creates or deletes resources in AWS account " + account
                        + "; pass --yes to run it without a terminal");
            }
            if (!terminal.confirm("Run it in account " + account + " (" + region + ")?")) {
                throw new Workbook.Stop("stopped: nothing was created");
            }
        }
        return new Target(false, region, credentials, account, null, null);
    }
}
