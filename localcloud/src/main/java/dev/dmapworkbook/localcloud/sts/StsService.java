package dev.dmapworkbook.localcloud.sts;

import dev.dmapworkbook.localcloud.LocalCloudConfig;
import dev.dmapworkbook.localcloud.edge.EdgeRequest;
import dev.dmapworkbook.localcloud.edge.QueryService;
import dev.dmapworkbook.localcloud.core.ServiceException;
import dev.dmapworkbook.localcloud.core.Xml;

import java.util.Set;
import java.util.function.Consumer;

/**
 * STS over the Query protocol (namespace {@code https://sts.amazonaws.com/doc/2011-06-15/}). Any credentials
 * are the local account's root user, so {@code GetCallerIdentity} answers account {@code 000000000000}, ARN
 * {@code arn:aws:iam::000000000000:root}, user id the account id (as STS does for a root user). The other STS
 * actions are routed here and refused by name: the local cloud issues no temporary credentials.
 */
public final class StsService extends QueryService {
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    /** Every STS action, so that unsigned requests for any of them reach this service and get a clear refusal. */
    private static final Set<String> ACTIONS = Set.of("GetCallerIdentity", "AssumeRole", "AssumeRoleWithSAML",
            "AssumeRoleWithWebIdentity", "AssumeRoot", "DecodeAuthorizationMessage", "GetAccessKeyInfo",
            "GetFederationToken", "GetSessionToken", "GetDelegatedAccessToken", "GetWebIdentityToken");

    public StsService() {
        super("sts", NAMESPACE, ACTIONS);
    }

    @Override
    protected ServiceException unknownAction(String action) {
        return new ServiceException(400, "InvalidAction", "The local cloud's STS implements only GetCallerIdentity; '"
                + action + "' is not implemented (the local cloud accepts any credentials as its root user)");
    }

    @Override
    protected Consumer<Xml> answer(String action, EdgeRequest request) {
        if (!"GetCallerIdentity".equals(action)) {
            throw unknownAction(action);
        }
        for (String name : request.form().keySet()) {
            if (!name.equals("Action") && !name.equals("Version")) {
                throw new ServiceException(400, "InvalidInput", "GetCallerIdentity takes no parameters; got '" + name + "'");
            }
        }
        String account = LocalCloudConfig.ACCOUNT_ID;
        return xml -> xml.element("Arn", "arn:aws:iam::" + account + ":root")
                .element("UserId", account)
                .element("Account", account);
    }
}
