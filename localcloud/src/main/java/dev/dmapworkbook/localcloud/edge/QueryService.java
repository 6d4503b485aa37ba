package dev.dmapworkbook.localcloud.edge;

import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.core.Xml;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The wire shape every awsQuery service shares (AWS SDK "Query protocol"): the form's {@code Action} picks the
 * operation, an action this service does not answer is refused, and the answer is
 * {@code <ActionResponse xmlns=…><ActionResult>…</ActionResult><ResponseMetadata><RequestId/></ResponseMetadata>
 * </ActionResponse>} with {@code Content-Type: text/xml}. Errors are rendered by {@link AwsProtocol#QUERY}.
 */
public abstract class QueryService implements Service {
    private final String signingName;
    private final String namespace;
    private final Set<String> actions;

    /**
     * @param namespace the API version's XML namespace, e.g. {@code https://iam.amazonaws.com/doc/2010-05-08/}
     * @param actions   the {@code Action} names routed to this service
     */
    protected QueryService(String signingName, String namespace, Set<String> actions) {
        this.signingName = signingName;
        this.namespace = namespace;
        this.actions = Set.copyOf(actions);
    }

    @Override
    public final String signingName() {
        return signingName;
    }

    @Override
    public final AwsProtocol protocol() {
        return AwsProtocol.QUERY;
    }

    @Override
    public final Set<String> queryActions() {
        return actions;
    }

    @Override
    public final EdgeResponse handle(EdgeRequest request) throws Exception {
        String action = request.form().get("Action");
        if (action == null || !actions.contains(action)) {
            throw unknownAction(action);
        }
        Consumer<Xml> result = answer(action, request);
        Xml xml = new Xml().open(action + "Response", namespace);
        if (result != null) {
            xml.open(action + "Result");
            result.accept(xml);
            xml.close(action + "Result");
        }
        xml.open("ResponseMetadata").element("RequestId", request.requestId()).close("ResponseMetadata")
                .close(action + "Response");
        return EdgeResponse.xml(200, xml.toString()).header("Content-Type", "text/xml");
    }

    /**
     * The error for a missing {@code Action} ({@code null}) or one not in {@link #queryActions()}: AWS's
     * {@code InvalidAction} ("The action X is not valid for this web service"), naming the actions implemented here.
     */
    protected ServiceException unknownAction(String action) {
        return new ServiceException(400, "InvalidAction", "The action " + action + " is not valid for this web service"
                + " (the local cloud's " + signingName + " implements " + String.join(", ", actions.stream().sorted().toList()) + ")");
    }

    /**
     * Runs {@code action} (one of {@link #queryActions()}) and returns what writes the members of its
     * {@code <ActionResult>}, or {@code null} for an action whose response has no result element.
     */
    protected abstract Consumer<Xml> answer(String action, EdgeRequest request) throws Exception;
}
