package dev.dmapworkbook.localcloud.cloudformation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dmapworkbook.localcloud.core.Json;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.s3.S3Objects;

import java.util.Optional;
import java.util.Set;

/**
 * {@code AWS::S3::Bucket} (AWS, "AWS::S3::Bucket"): Ref is the bucket name. Versioning is applied; the
 * encryption and public-access settings are checked to be the ones the local S3 store already behaves as
 * (SSE-S3 is AWS's default for every bucket; the local store has no public access to block), anything else
 * fails naming it.
 */
final class S3Bucket implements ResourceType {
    private final Neighbours neighbours;

    S3Bucket(Neighbours neighbours) {
        this.neighbours = neighbours;
    }

    public String type() {
        return "AWS::S3::Bucket";
    }

    public Set<String> properties() {
        return Set.of("BucketName", "VersioningConfiguration", "BucketEncryption", "PublicAccessBlockConfiguration", "Tags");
    }

    public Set<String> requiredProperties() {
        return Set.of();
    }

    public Set<String> replacingProperties() {
        return Set.of("BucketName");
    }

    public Optional<String> nameProperty() {
        return Optional.of("BucketName");
    }

    public Set<String> attributes() {
        return Set.of("Arn", "DomainName", "RegionalDomainName", "DualStackDomainName", "WebsiteURL");
    }

    public Provisioned create(ResourceContext context, JsonNode properties) {
        checkSettings(properties);
        String name = properties.hasNonNull("BucketName") ? properties.get("BucketName").asText()
                : context.generatedName(63, true);
        S3Objects s3 = neighbours.s3();
        try {
            s3.createBucket(name, context.region());
            applyVersioning(s3, name, properties, false);
        } catch (ServiceException e) {
            throw ResourceFailure.of("Amazon S3", e);
        }
        return provisioned(context, name);
    }

    public Provisioned update(ResourceContext context, Provisioned current, JsonNode oldProperties, JsonNode newProperties) {
        checkSettings(newProperties);
        try {
            applyVersioning(neighbours.s3(), current.physicalId(), newProperties, oldProperties.has("VersioningConfiguration"));
        } catch (ServiceException e) {
            throw ResourceFailure.of("Amazon S3", e);
        }
        return current;
    }

    public void delete(ResourceContext context, Provisioned current, JsonNode properties) {
        S3Objects s3 = neighbours.s3();
        try {
            if (s3.bucketExists(current.physicalId())) {
                s3.deleteBucket(current.physicalId());
            }
        } catch (ServiceException e) {
            throw ResourceFailure.of("Amazon S3", e);
        }
    }

    private static void applyVersioning(S3Objects s3, String bucket, JsonNode properties, boolean wasSet) {
        JsonNode versioning = properties.get("VersioningConfiguration");
        if (versioning != null) {
            String status = versioning.path("Status").asText();
            if (!status.equals("Enabled") && !status.equals("Suspended")) {
                throw new ResourceFailure("Properties validation failed for resource: VersioningConfiguration/Status must be Enabled or Suspended, not '" + status + "'");
            }
            s3.setVersioning(bucket, status.equals("Enabled"));
        } else if (wasSet) {
            s3.setVersioning(bucket, false);
        }
    }

    /** Encryption and public access: only what the local store already is; anything else would be a silent lie. */
    private static void checkSettings(JsonNode properties) {
        JsonNode encryption = properties.get("BucketEncryption");
        if (encryption != null) {
            for (JsonNode rule : encryption.path("ServerSideEncryptionConfiguration")) {
                String algorithm = rule.path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText();
                if (!algorithm.equals("AES256")) {
                    throw new ResourceFailure("BucketEncryption SSEAlgorithm '" + algorithm
                            + "' is not implemented by the local cloud (it implements AES256, SSE-S3)");
                }
            }
        }
        JsonNode block = properties.get("PublicAccessBlockConfiguration");
        if (block != null) {
            block.fields().forEachRemaining(e -> {
                if (!Set.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets").contains(e.getKey())) {
                    throw new ResourceFailure("PublicAccessBlockConfiguration has no property " + e.getKey());
                }
            });
        }
    }

    private static Provisioned provisioned(ResourceContext context, String name) {
        return new Provisioned(name, name, Json.object(
                "Arn", "arn:aws:s3:::" + name,
                "DomainName", name + ".s3.amazonaws.com",
                "RegionalDomainName", name + ".s3." + context.region() + ".amazonaws.com",
                "DualStackDomainName", name + ".s3.dualstack." + context.region() + ".amazonaws.com",
                "WebsiteURL", "http://" + name + ".s3-website-" + context.region() + ".amazonaws.com"));
    }
}
