package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.core.Xml;
import dev.dmapworkbook.localcloud.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The AWS wire protocols the edge speaks. Each renders a {@link ServiceException} in exactly one place,
 * following the Smithy protocol definitions (awsJson1_0/1_1, restJson1, restXml, awsQuery).
 */
public enum AwsProtocol {
    /** S3. Error body {@code <Error><Code/><Message/><RequestId/>…</Error>}. */
    REST_XML,
    /** DynamoDB, Step Functions. Error body {@code {"__type": "...", "message": "..."}}. */
    AWS_JSON_1_0,
    /** CloudWatch Logs. */
    AWS_JSON_1_1,
    /** Lambda. Error type in the {@code X-Amzn-ErrorType} header and {@code Type}/{@code Message} in the body. */
    REST_JSON,
    /** CloudFormation, STS, IAM. {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}. */
    QUERY;

    /** True for the JSON protocols, whose error codes end in {@code Exception} ({@code AccessDeniedException}). */
    public boolean isJson() {
        return this == AWS_JSON_1_0 || this == AWS_JSON_1_1 || this == REST_JSON;
    }

    /** Renders an error the way this protocol's SDK clients parse it. */
    public EdgeResponse render(ServiceException error, String requestId) {
        EdgeResponse response = body(error, requestId);
        error.headers().forEach(response::header);
        return response;
    }

    private EdgeResponse body(ServiceException error, String requestId) {
        return switch (this) {
            case REST_XML -> {
                var xml = new Xml().open("Error")
                        .element("Code", error.code())
                        .element("Message", error.getMessage());
                error.extra().forEach(xml::element);
                xml.element("RequestId", requestId).close("Error");
                yield EdgeResponse.xml(error.status(), xml.toString()).header("x-amz-request-id", requestId);
            }
            case AWS_JSON_1_0, AWS_JSON_1_1 -> {
                ObjectNode body = Json.object("__type", error.code(), "message", error.getMessage());
                error.extra().forEach(body::put);
                yield EdgeResponse.json(error.status(), body)
                        .header("Content-Type", this == AWS_JSON_1_0 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1")
                        .header("x-amzn-RequestId", requestId);
            }
            case REST_JSON -> {
                ObjectNode body = Json.object("Type", error.sender() ? "User" : "Service", "Message", error.getMessage(),
                        "message", error.getMessage());
                error.extra().forEach(body::put);
                yield EdgeResponse.json(error.status(), body)
                        .header("X-Amzn-ErrorType", error.code())
                        .header("x-amzn-RequestId", requestId);
            }
            case QUERY -> {
                var xml = new Xml().open("ErrorResponse").open("Error")
                        .element("Type", error.sender() ? "Sender" : "Receiver")
                        .element("Code", error.code())
                        .element("Message", error.getMessage())
                        .close("Error")
                        .element("RequestId", requestId)
                        .close("ErrorResponse");
                yield EdgeResponse.xml(error.status(), xml.toString()).header("x-amzn-RequestId", requestId);
            }
        };
    }
}
