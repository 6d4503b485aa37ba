package dev.dmapworkbook.localcloud.s3;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.dmapworkbook.localcloud.core.Xml;
import org.w3c.dom.Element;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One S3 Inventory configuration (S3 API Reference, "InventoryConfiguration", "InventoryS3BucketDestination",
 * "PutBucketInventoryConfiguration"): read from and written as its XML, stored as JSON beside the bucket.
 *
 * @param destinationBucketArn {@code arn:aws:s3:::<bucket>}, as the request gives it
 * @param prefix               the destination prefix, null when none
 * @param filterPrefix         the {@code Filter/Prefix}, null when there is no filter
 * @param includedVersions     {@code All} or {@code Current}
 * @param frequency            {@code Daily} or {@code Weekly}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record InventoryConfiguration(String id, boolean enabled, String destinationBucketArn, String accountId, String format,
                              String prefix, String filterPrefix, String includedVersions, String frequency,
                              List<String> optionalFields) {
    static final String ARN_PREFIX = "arn:aws:s3:::";
    /**
     * {@code InventoryOptionalField}'s values, in the order their columns follow {@code Bucket, Key} (and the
     * version columns) in a CSV inventory's {@code fileSchema} (S3 User Guide, "Inventory manifest" example,
     * then the fields added since in the API's order).
     */
    static final List<String> OPTIONAL_FIELDS = List.of("Size", "LastModifiedDate", "ETag", "StorageClass",
            "IsMultipartUploaded", "ReplicationStatus", "EncryptionStatus", "ObjectLockRetainUntilDate", "ObjectLockMode",
            "ObjectLockLegalHoldStatus", "IntelligentTieringAccessTier", "BucketKeyStatus", "ChecksumAlgorithm",
            "ObjectAccessControlList", "ObjectOwner", "LifecycleExpirationDate");
    /** The columns {@code IncludedObjectVersions=All} adds after {@code Key} ("Inventory list"). */
    static final List<String> VERSION_FIELDS = List.of("VersionId", "IsLatest", "IsDeleteMarker");

    InventoryConfiguration {
        optionalFields = optionalFields == null ? List.of() : List.copyOf(optionalFields);
    }

    /** The destination bucket's name (the ARN's last part). */
    String destinationBucket() {
        return destinationBucketArn.substring(ARN_PREFIX.length());
    }

    boolean allVersions() {
        return "All".equals(includedVersions);
    }

    /** The CSV columns, in the order of the manifest's {@code fileSchema}. */
    List<String> columns() {
        List<String> columns = new ArrayList<>(List.of("Bucket", "Key"));
        if (allVersions()) {
            columns.addAll(VERSION_FIELDS);
        }
        for (String field : OPTIONAL_FIELDS) {
            if (optionalFields.contains(field)) {
                columns.add(field);
            }
        }
        return columns;
    }

    /**
     * Parses a PutBucketInventoryConfiguration body for the configuration {@code id} (the query parameter).
     * MalformedXML for a missing required element or a value outside its enum, as S3 answers a body that does
     * not validate against its schema; then IdMismatch for a body whose Id is not {@code id}, InvalidS3DestinationBucket
     * for a destination that is not a bucket ARN (the order and codes of LocalStack's S3 [LS]); NotImplemented for what
     * the local cloud cannot write (ORC, Parquet, encrypted reports).
     */
    static InventoryConfiguration parse(byte[] body, String id) {
        Element root = S3Xml.parse(body);
        if (!S3Xml.name(root).equals("InventoryConfiguration")) {
            throw S3Error.MALFORMED_XML.exception();
        }
        String bodyId = required(root, "Id");
        if (!bodyId.equals(id)) {
            throw S3Error.ID_MISMATCH.exception(); // [LS] LocalStack's S3: checked after the XML, before the destination
        }
        String enabled = required(root, "IsEnabled");
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw S3Error.MALFORMED_XML.exception();
        }
        Element destination = S3Xml.children(single(root, "Destination"), "S3BucketDestination").stream().findFirst()
                .orElseThrow(S3Error.MALFORMED_XML::exception);
        String arn = required(destination, "Bucket");
        if (!arn.startsWith(ARN_PREFIX) || arn.length() == ARN_PREFIX.length() || arn.indexOf('/') >= 0) {
            throw S3Error.INVALID_S3_DESTINATION_BUCKET.exception("Invalid bucket ARN: " + arn
                    + " (expected arn:aws:s3:::<bucket>)"); // [LS] code; the ARN named here as well
        }
        String format = oneOf(required(destination, "Format"), "CSV", "ORC", "Parquet");
        if (!format.equals("CSV")) {
            throw S3Error.NOT_IMPLEMENTED.exception("The local cloud writes CSV inventory reports only, not " + format
                    + " (S3 Inventory's ORC and Parquet formats)");
        }
        if (!S3Xml.children(destination, "Encryption").isEmpty()) {
            throw S3Error.NOT_IMPLEMENTED.exception("The local cloud does not encrypt inventory reports "
                    + "(InventoryS3BucketDestination/Encryption)");
        }
        String prefix = S3Xml.text(destination, "Prefix").filter(p -> !p.isEmpty()).orElse(null);
        String accountId = S3Xml.text(destination, "AccountId").filter(a -> !a.isEmpty()).orElse(null);
        String filterPrefix = S3Xml.children(root, "Filter").stream().findFirst()
                .flatMap(f -> S3Xml.text(f, "Prefix")).orElse(null);
        String versions = oneOf(required(root, "IncludedObjectVersions"), "All", "Current");
        String frequency = oneOf(required(single(root, "Schedule"), "Frequency"), "Daily", "Weekly");
        List<String> fields = new ArrayList<>();
        for (Element list : S3Xml.children(root, "OptionalFields")) {
            for (Element field : S3Xml.children(list, "Field")) {
                String name = oneOf(field.getTextContent().trim(), OPTIONAL_FIELDS.toArray(String[]::new));
                if (!fields.contains(name)) {
                    fields.add(name);
                }
            }
        }
        return new InventoryConfiguration(id, enabled.equals("true"), arn, accountId, format, prefix, filterPrefix,
                versions, frequency, fields);
    }

    /** The configuration as GetBucketInventoryConfiguration and ListBucketInventoryConfigurations return it. */
    void writeTo(Xml xml, String element, String namespace) {
        (namespace == null ? xml.open(element) : xml.open(element, namespace))
                .open("Destination").open("S3BucketDestination")
                .element("AccountId", accountId).element("Bucket", destinationBucketArn).element("Format", format)
                .element("Prefix", prefix)
                .close("S3BucketDestination").close("Destination")
                .element("IsEnabled", enabled);
        if (filterPrefix != null) {
            xml.open("Filter").element("Prefix", filterPrefix).close("Filter");
        }
        xml.element("Id", id).element("IncludedObjectVersions", includedVersions);
        if (!optionalFields.isEmpty()) {
            xml.open("OptionalFields");
            optionalFields.forEach(f -> xml.element("Field", f));
            xml.close("OptionalFields");
        }
        xml.open("Schedule").element("Frequency", frequency).close("Schedule").close(element);
    }

    private static Element single(Element parent, String name) {
        List<Element> found = S3Xml.children(parent, name);
        if (found.size() != 1) {
            throw S3Error.MALFORMED_XML.exception();
        }
        return found.get(0);
    }

    private static String required(Element parent, String name) {
        Optional<String> value = S3Xml.text(parent, name);
        if (value.isEmpty() || value.get().isEmpty()) {
            throw S3Error.MALFORMED_XML.exception();
        }
        return value.get();
    }

    private static String oneOf(String value, String... allowed) {
        for (String candidate : allowed) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        throw S3Error.MALFORMED_XML.exception();
    }
}
