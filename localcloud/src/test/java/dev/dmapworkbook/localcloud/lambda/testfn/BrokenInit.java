package dev.dmapworkbook.localcloud.lambda.testfn;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** A handler whose class initializer fails: Lambda reports it as an init error. */
public class BrokenInit implements RequestHandler<Object, String> {
    static final String SETTING = fail();

    private static String fail() {
        throw new IllegalStateException("cannot initialize: the setting is missing");
    }

    @Override
    public String handleRequest(Object input, Context context) {
        return SETTING;
    }
}
