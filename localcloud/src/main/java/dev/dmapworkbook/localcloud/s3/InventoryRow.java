package dev.dmapworkbook.localcloud.s3;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One line of a CSV inventory list (S3 User Guide, "Amazon S3 Inventory list"): the configuration's columns in
 * {@code fileSchema} order, every field in double quotes. Keys are URL-encoded as the CSV format requires
 * ("the key name is URL-encoded and must be decoded before you can use it"), {@code /} kept as in S3's examples.
 */
final class InventoryRow {
    /** {@code ObjectAccessControlList}: the object's ACL as base64 JSON; every local object is owner-only. */
    private static final String PRIVATE_ACL = Base64.getEncoder().encodeToString(("{\"version\":\"2022-11-10\","
            + "\"status\":\"AVAILABLE\",\"grants\":[{\"permission\":\"FULL_CONTROL\",\"type\":\"CanonicalUser\","
            + "\"canonicalId\":\"" + S3Api.OWNER_ID + "\"}]}").getBytes(StandardCharsets.UTF_8));

    private final String bucket;
    private final List<String> columns;
    private final StringBuilder line = new StringBuilder(256);

    InventoryRow(String bucket, List<String> columns) {
        this.bucket = bucket;
        this.columns = columns;
    }

    /** The CSV line (with its newline) for a version, {@code latest} when it is the key's current version. */
    String csv(ObjectVersion v, boolean latest) {
        line.setLength(0);
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append('"');
            String value = value(columns.get(i), v, latest);
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                line.append(ch);
                if (ch == '"') {
                    line.append('"');
                }
            }
            line.append('"');
        }
        return line.append('\n').toString();
    }

    private String value(String column, ObjectVersion v, boolean latest) {
        boolean marker = v.deleteMarker();
        return switch (column) {
            case "Bucket" -> bucket;
            case "Key" -> encodeKey(v.key());
            case "VersionId" -> ObjectVersion.NULL_VERSION.equals(v.versionId()) ? "" : v.versionId();
            case "IsLatest" -> Boolean.toString(latest);
            case "IsDeleteMarker" -> Boolean.toString(marker);
            case "Size" -> marker ? "" : Long.toString(v.size());
            case "LastModifiedDate" -> S3Xml.iso(v.lastModified());
            case "ETag" -> marker ? "" : v.eTag();
            case "StorageClass" -> marker ? "" : ObjectStore.DEFAULT_STORAGE_CLASS;
            case "IsMultipartUploaded" -> marker ? "" : Boolean.toString(!v.partSizes().isEmpty());
            // S3 applies SSE-S3 to every object (the local cloud accepts only AES256, see ObjectApi).
            case "EncryptionStatus" -> marker ? "" : "SSE-S3";
            case "BucketKeyStatus" -> marker ? "" : "DISABLED";
            case "ChecksumAlgorithm" -> marker ? "" : String.join(";", v.checksums().keySet());
            case "ObjectAccessControlList" -> marker ? "" : PRIVATE_ACL;
            case "ObjectOwner" -> S3Api.OWNER_ID;
            // Not modelled locally, so empty as S3 writes them for an object without them: no replication, no
            // object lock, no Intelligent-Tiering, no lifecycle expiration.
            case "ReplicationStatus", "ObjectLockRetainUntilDate", "ObjectLockMode", "ObjectLockLegalHoldStatus",
                 "IntelligentTieringAccessTier", "LifecycleExpirationDate" -> "";
            default -> throw new IllegalStateException("unknown inventory column " + column);
        };
    }

    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }
}
