package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.ServiceException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Picks the service for a request, in the order AWS's own front ends make it knowable: the SigV4 credential
 * scope ({@code Credential=AKID/20250101/us-east-1/s3/aws4_request}, in the header or a presigned query),
 * then {@code X-Amz-Target}, then the Query protocol's {@code Action}, then a path a service owns; an
 * unsigned request with none of these is S3 (a browser or curl on a bucket URL).
 */
final class ServiceRouter {
    private static final Pattern SCOPE = Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([^/]+)/([^/]+)/aws4_request");
    /** AWS's region names (us-east-1, us-gov-west-1, ap-southeast-5, …), as the SDKs' partition rules spell them. */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]{2,12}){1,3}-\\d{1,2}");
    private static final Pattern PRESIGNED = Pattern.compile("^[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request$");

    private final List<Service> services;

    ServiceRouter(List<Service> services) {
        this.services = List.copyOf(services);
    }

    /** The service for the request; records service and region on it. Throws an AWS-shaped error if none. */
    Service route(EdgeRequest request) {
        String region = null;
        String signingName = null;
        Optional<String> authorization = request.header("Authorization");
        if (authorization.isPresent()) {
            Matcher m = SCOPE.matcher(authorization.get());
            if (m.find()) {
                region = m.group(1);
                signingName = m.group(2);
            }
        } else if (request.query("X-Amz-Credential").isPresent()) {
            Matcher m = PRESIGNED.matcher(request.query("X-Amz-Credential").get());
            if (m.find()) {
                region = m.group(1);
                signingName = m.group(2);
            }
        }
        Service service = signingName != null ? bySigningName(signingName) : byRequestShape(request);
        request.routedTo(service.signingName(), region);
        return service;
    }

    private Service bySigningName(String signingName) {
        for (Service service : services) {
            if (service.signingName().equals(signingName)) {
                return service;
            }
        }
        throw new ServiceException(501, "NotImplemented",
                "The local cloud does not implement the AWS service '" + signingName
                        + "' (named by the request's SigV4 credential scope). It serves: " + names());
    }

    private Service byRequestShape(EdgeRequest request) {
        Optional<String> target = request.header("X-Amz-Target");
        if (target.isPresent()) {
            String prefix = target.get().contains(".") ? target.get().substring(0, target.get().indexOf('.')) : target.get();
            return services.stream().filter(s -> s.targetPrefixes().contains(prefix)).findFirst()
                    .orElseThrow(() -> new ServiceException(400, "UnknownOperationException",
                            "The local cloud does not implement X-Amz-Target '" + target.get() + "'"));
        }
        if (request.method().equals("POST")
                && request.header("Content-Type").orElse("").startsWith("application/x-www-form-urlencoded")) {
            String action = request.form().get("Action");
            if (action != null) {
                return services.stream().filter(s -> s.queryActions().contains(action)).findFirst()
                        .orElseThrow(() -> new ServiceException(400, "InvalidAction",
                                "The local cloud does not implement the Query action '" + action
                                        + "' for any service; sign the request so its service is known"));
            }
        }
        String path = request.path();
        for (Service service : services) {
            if (service.ownsPath(path)) {
                return service;
            }
        }
        return bySigningName("s3");
    }

    /**
     * Refuses a credential scope whose region is not a region name, before anything uses it (as a folder name, in
     * an ARN): S3's {@code AuthorizationHeaderMalformed}, the others' {@code InvalidSignatureException}.
     */
    static void checkRegion(EdgeRequest request, AwsProtocol protocol) {
        String region = request.region();
        if (region.length() <= 32 && REGION.matcher(region).matches()) {
            return;
        }
        String shown = region.length() > 40 ? region.substring(0, 40) + "…" : region;
        throw protocol == AwsProtocol.REST_XML
                ? new ServiceException(400, "AuthorizationHeaderMalformed",
                "The authorization header is malformed; the region '" + shown + "' is wrong.").with("Region", shown)
                : new ServiceException(403, protocol.isJson() ? "InvalidSignatureException" : "SignatureDoesNotMatch",
                "Credential should be scoped to a valid region, not '" + shown + "'.");
    }

    /** The protocol of the service the request is for, to answer in its words without calling it. */
    Optional<AwsProtocol> protocolFor(EdgeRequest request) {
        try {
            return Optional.of(route(request).protocol());
        } catch (ServiceException e) {
            return Optional.empty();
        }
    }

    /** The protocol to answer in when no service could be picked: guessed from the request's shape. */
    static AwsProtocol protocolOf(EdgeRequest request) {
        if (request.header("X-Amz-Target").isPresent()) {
            return AwsProtocol.AWS_JSON_1_0;
        }
        if (request.header("Content-Type").orElse("").startsWith("application/x-www-form-urlencoded")) {
            return AwsProtocol.QUERY;
        }
        return AwsProtocol.REST_XML;
    }

    private String names() {
        return String.join(", ", services.stream().map(Service::signingName).toList());
    }
}
