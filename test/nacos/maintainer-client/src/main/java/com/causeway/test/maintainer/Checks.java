package com.causeway.test.maintainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Prints one JSON line per check: {"check": name, "ok": bool, "detail": text}.
 * A call that throws is a failed check with the exception as its detail
 * (NacosException's errCode and errMsg included), so one broken call does not
 * hide the others.
 */
public final class Checks {

    /** A Maintainer SDK call. */
    public interface Call<T> {
        T call() throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private boolean failed;

    /** Records a check. */
    public void check(String name, boolean ok, Object detail) {
        if (!ok) {
            failed = true;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("check", name);
        line.put("ok", ok);
        line.put("detail", String.valueOf(detail));
        System.out.println(line);
    }

    /**
     * Runs call and answers its result, or null after recording a failed
     * check when it threw.
     */
    public <T> T call(String name, Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            check(name, false, describe(e));
            return null;
        }
    }

    /** Runs a call that must throw, and answers what it threw (null if it did not). */
    public Exception expectFailure(String name, Call<?> call) {
        try {
            Object got = call.call();
            check(name, false, "no exception, answered " + got);
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    /** Answers what an exception says, a NacosException's code included. */
    public static String describe(Throwable e) {
        if (e instanceof com.alibaba.nacos.api.exception.NacosException ne) {
            return "NacosException errCode=" + ne.getErrCode() + " errMsg=" + ne.getErrMsg();
        }
        return e.toString();
    }

    public boolean failed() {
        return failed;
    }
}
