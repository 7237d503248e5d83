package dev.junction.infra.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/** A logged exception whose message, and its causes' and suppressed exceptions' messages, are escaped. */
record EscapedThrowableProxy(IThrowableProxy proxy) implements IThrowableProxy {

    static IThrowableProxy of(IThrowableProxy proxy) {
        return proxy == null || proxy instanceof EscapedThrowableProxy ? proxy : new EscapedThrowableProxy(proxy);
    }

    @Override
    public String getMessage() {
        return LogText.escape(proxy.getMessage());
    }

    @Override
    public String getClassName() {
        return LogText.escape(proxy.getClassName());
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
        return proxy.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
        return proxy.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
        return of(proxy.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
        IThrowableProxy[] suppressed = proxy.getSuppressed();
        if (suppressed == null) {
            return null;
        }
        IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
        for (int i = 0; i < suppressed.length; i++) {
            escaped[i] = of(suppressed[i]);
        }
        return escaped;
    }

    @Override
    public boolean isCyclic() {
        return proxy.isCyclic();
    }
}
