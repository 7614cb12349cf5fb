package com.causeway.test.maintainer;

import com.alibaba.nacos.api.config.model.ConfigGrayInfo;
import com.alibaba.nacos.api.config.model.ConfigListenerInfo;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.maintainer.client.config.ConfigMaintainerFactory;
import com.alibaba.nacos.maintainer.client.config.ConfigMaintainerService;

import java.util.Properties;

/**
 * The Maintainer SDK calls of seed 003's config section: beta (gray) release
 * (§3.11-3.13) and the listener queries (§3.9-3.10). The SDK has no import
 * or export call; the Go side tests those. The beta is left in place for the
 * Go side: a config gray.sdk.test whose beta lists 127.0.0.1 and 10.9.9.9.
 */
final class ConfigGrayScenario {

    private static final String G = "DEFAULT_GROUP";

    private static final String NS = "public";

    private ConfigGrayScenario() {
    }

    static void run(Properties props, Checks c) throws Exception {
        ConfigMaintainerService svc = ConfigMaintainerFactory.createConfigMaintainerService(props);
        String d = "gray.sdk.test";
        c.check("publish formal", Boolean.TRUE.equals(c.call("publishConfig", () -> svc.publishConfig(d, G, NS, "formal"))), "");

        // §3.11 publish a beta
        c.check("publishBetaConfig", Boolean.TRUE.equals(c.call("publishBetaConfig", () -> svc.publishBetaConfig(d, G, NS,
                "beta-1", "testApp", "", "testTag1", "the beta", "text", "10.9.9.9"))), "");
        ConfigGrayInfo beta = c.call("queryBeta(dataId, group, ns)", () -> svc.queryBeta(d, G, NS));
        c.check("queryBeta(dataId, group, ns)", beta != null && "beta-1".equals(beta.getContent())
                && "beta".equals(beta.getGrayName()) && beta.getGrayRule() != null && beta.getGrayRule().contains("10.9.9.9")
                && NS.equals(beta.getNamespaceId()) && G.equals(beta.getGroupName()) && d.equals(beta.getDataId())
                && "testApp".equals(beta.getAppName()) && beta.getMd5() != null && beta.getModifyTime() > 0,
                describe(beta));
        // Publishing again replaces the beta: content and IPs.
        c.check("publishBetaConfig again", Boolean.TRUE.equals(c.call("publishBetaConfig again", () -> svc.publishBetaConfig(d,
                G, NS, "beta-2", "testApp", "", "testTag1", "the beta", "text", "127.0.0.1,10.9.9.9"))), "");
        ConfigGrayInfo beta2 = c.call("queryBeta(dataId, group)", () -> svc.queryBeta(d, G));
        c.check("queryBeta(dataId, group)", beta2 != null && "beta-2".equals(beta2.getContent())
                && beta2.getGrayRule().contains("127.0.0.1,10.9.9.9"), describe(beta2));
        c.check("the formal config is untouched", c.call("getConfig", () -> svc.getConfig(d, G, NS)) != null
                && "formal".equals(c.call("getConfig", () -> svc.getConfig(d, G, NS)).getContent()), "");
        Exception blank = c.expectFailure("publishBetaConfig(blank betaIps) fails",
                () -> svc.publishBetaConfig(d, G, NS, "x", "", "", "", "", "text", " "));
        c.check("publishBetaConfig(blank betaIps) fails", blank instanceof NacosException ne
                && ne.getErrCode() == NacosException.INVALID_PARAM, blank == null ? "" : Checks.describe(blank));
        expectCode(c, "publishBetaConfig(bad dataId) is 400", 400,
                () -> svc.publishBetaConfig("bad/id", G, NS, "x", "", "", "", "", "text", "1.1.1.1"));
        expectCode(c, "queryBeta(bad dataId) is 400", 400, () -> svc.queryBeta("bad/id", G, NS));
        expectCode(c, "queryBeta(no beta) is 404", 404, () -> svc.queryBeta("no.such.beta", G, NS));
        expectCode(c, "stopBeta(bad group) is 400", 400, () -> svc.stopBeta(d, "bad group", NS));

        // §3.12 stop, both overloads; stopping a config without a beta is fine
        String other = "gray.sdk.stopped";
        c.call("publishBetaConfig other", () -> svc.publishBetaConfig(other, G, NS, "b", "", "", "", "", "text", "10.0.0.1"));
        c.check("stopBeta(dataId, group, ns)", Boolean.TRUE.equals(c.call("stopBeta3", () -> svc.stopBeta(other, G, NS))), "");
        expectCode(c, "queryBeta after stop is 404", 404, () -> svc.queryBeta(other, G, NS));
        c.check("stopBeta(dataId, group) without a beta", Boolean.TRUE.equals(c.call("stopBeta2", () -> svc.stopBeta(other, G))), "");

        // §3.9 subscribers of a config, both overloads
        ConfigListenerInfo subs = c.call("getListeners(dataId, group)", () -> svc.getListeners(d, G));
        c.check("getListeners(dataId, group)", subs != null && "config".equals(subs.getQueryType())
                && subs.getListenersStatus() != null, describe(subs));
        ConfigListenerInfo subs2 = c.call("getListeners(.., ns, aggregation)", () -> svc.getListeners(d, G, NS, false));
        c.check("getListeners(.., ns, aggregation)", subs2 != null && "config".equals(subs2.getQueryType()), describe(subs2));
        expectCode(c, "getListeners(bad dataId) is 400", 400, () -> svc.getListeners("bad/id", G));

        // §3.10 configs of a subscriber
        ConfigListenerInfo byIp = c.call("getAllSubClientConfigByIp", () -> svc.getAllSubClientConfigByIp("127.0.0.1", false, NS, true));
        c.check("getAllSubClientConfigByIp", byIp != null && "ip".equals(byIp.getQueryType())
                && byIp.getListenersStatus() != null, describe(byIp));
        ConfigListenerInfo byIpAll = c.call("getAllSubClientConfigByIp(all)", () -> svc.getAllSubClientConfigByIp("10.255.0.1", true, "", false));
        c.check("getAllSubClientConfigByIp(all, nobody there)", byIpAll != null && "ip".equals(byIpAll.getQueryType())
                && byIpAll.getListenersStatus() != null && byIpAll.getListenersStatus().isEmpty(), describe(byIpAll));
    }

    private static void expectCode(Checks c, String name, int code, Checks.Call<?> call) {
        Exception e = c.expectFailure(name, call);
        if (e != null) {
            c.check(name, e instanceof NacosException ne && ne.getErrCode() == code, Checks.describe(e));
        }
    }

    private static String describe(ConfigGrayInfo b) {
        return b == null ? "null" : "content=" + b.getContent() + " grayName=" + b.getGrayName() + " grayRule="
                + b.getGrayRule() + " ns=" + b.getNamespaceId() + " group=" + b.getGroupName() + " dataId="
                + b.getDataId() + " app=" + b.getAppName() + " md5=" + b.getMd5() + " modified=" + b.getModifyTime();
    }

    private static String describe(ConfigListenerInfo l) {
        return l == null ? "null" : "queryType=" + l.getQueryType() + " status=" + l.getListenersStatus();
    }
}
