package com.causeway.test.maintainer;

import com.alibaba.nacos.api.config.model.ConfigBasicInfo;
import com.alibaba.nacos.api.config.model.ConfigCloneInfo;
import com.alibaba.nacos.api.config.model.ConfigDetailInfo;
import com.alibaba.nacos.api.config.model.ConfigHistoryBasicInfo;
import com.alibaba.nacos.api.config.model.ConfigHistoryDetailInfo;
import com.alibaba.nacos.api.config.model.SameConfigPolicy;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.model.Page;
import com.alibaba.nacos.maintainer.client.config.ConfigMaintainerFactory;
import com.alibaba.nacos.maintainer.client.config.ConfigMaintainerService;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/** The Maintainer SDK calls of seed 003's config section (§3.1-3.8, 3.14-3.20). */
final class ConfigScenario {

    private static final String G = "DEFAULT_GROUP";

    private static final String NS = "public";

    private ConfigScenario() {
    }

    static void run(Properties props, Checks c) throws Exception {
        ConfigMaintainerService svc = ConfigMaintainerFactory.createConfigMaintainerService(props);

        // §3.2 publish, every overload
        String d = "maintain.client.test";
        c.check("publish(dataId, content)", Boolean.TRUE.equals(c.call("publish1", () -> svc.publishConfig(d, "v1"))), "");
        c.check("publish(dataId, group, content)",
                Boolean.TRUE.equals(c.call("publish2", () -> svc.publishConfig(d, G, "v2"))), "");
        c.check("publish(dataId, group, ns, content)",
                Boolean.TRUE.equals(c.call("publish3", () -> svc.publishConfig(d, G, NS, "v3"))), "");
        c.check("publish(.., desc)",
                Boolean.TRUE.equals(c.call("publish4", () -> svc.publishConfig(d, G, NS, "v4", "the desc"))), "");
        c.check("publish(.., desc, type)",
                Boolean.TRUE.equals(c.call("publish5", () -> svc.publishConfig(d, G, NS, "k=v5", "the desc", "properties"))), "");
        c.check("publish(all fields)", Boolean.TRUE.equals(c.call("publish6",
                () -> svc.publishConfig(d, G, NS, "k=v6", "testApp", "alice", "testTag1,testTag2", "full", "properties"))), "");

        // §3.1 get, every overload
        ConfigDetailInfo got = c.call("getConfig(dataId)", () -> svc.getConfig(d));
        c.check("getConfig(dataId)", got != null && "k=v6".equals(got.getContent()) && "properties".equals(got.getType())
                && "testApp".equals(got.getAppName()) && "alice".equals(got.getCreateUser())
                && "full".equals(got.getDesc()) && "testTag1,testTag2".equals(got.getConfigTags())
                && got.getId() != null && got.getId() > 0 && NS.equals(got.getNamespaceId()) && got.getMd5() != null,
                describe(got));
        ConfigDetailInfo got2 = c.call("getConfig(dataId, group)", () -> svc.getConfig(d, G));
        c.check("getConfig(dataId, group)", got2 != null && got != null && Objects.equals(got.getId(), got2.getId()), describe(got2));
        ConfigDetailInfo got3 = c.call("getConfig(dataId, group, ns)", () -> svc.getConfig(d, G, NS));
        c.check("getConfig(dataId, group, ns)", got3 != null && "k=v6".equals(got3.getContent()), describe(got3));
        expectCode(c, "getConfig(missing) is 404", 404, () -> svc.getConfig("no.such.config", G, NS));
        expectCode(c, "getConfig(bad dataId) is 400", 400, () -> svc.getConfig("bad/id", G, NS));
        expectCode(c, "publish(blank content) is 400", 400, () -> svc.publishConfig("blank.content", G, NS, " "));
        expectCode(c, "publish(bad group) is 400", 400, () -> svc.publishConfig("x", "bad group", NS, "v"));
        long id = got == null ? -1 : got.getId();

        // §3.19 metadata
        c.check("updateConfigMetadata", Boolean.TRUE.equals(c.call("updateConfigMetadata",
                () -> svc.updateConfigMetadata(d, G, NS, "described", "m1,m2"))), "");
        ConfigDetailInfo meta = c.call("get after metadata", () -> svc.getConfig(d, G, NS));
        c.check("metadata updated, content and id kept", meta != null && "described".equals(meta.getDesc())
                && "m1,m2".equals(meta.getConfigTags()) && "k=v6".equals(meta.getContent()) && meta.getId() == id,
                describe(meta));
        expectCode(c, "updateConfigMetadata(missing) is 404", 404,
                () -> svc.updateConfigMetadata("no.such.config", G, NS, "x", "y"));

        // more configs to list and search
        c.call("publish json", () -> svc.publishConfig("search.one.json", "test-group", NS, "{\"a\":\"needle\"}",
                "testApp", null, "testTag1", "j", "json"));
        c.call("publish yaml", () -> svc.publishConfig("search.two.yaml", "test-group", NS, "b: hay", "otherApp",
                null, "testTag2", "y", "yaml"));

        // §3.5 list (accurate), every overload
        Page<ConfigBasicInfo> all = c.call("listConfigs(ns)", () -> svc.listConfigs(NS));
        c.check("listConfigs(ns)", all != null && all.getTotalCount() >= 3, describePage(all));
        Page<ConfigBasicInfo> byGroup = c.call("listConfigs(group)", () -> svc.listConfigs("", "test-group", NS));
        c.check("listConfigs(dataId, group, ns)", byGroup != null && byGroup.getTotalCount() == 2, describePage(byGroup));
        Page<ConfigBasicInfo> exact = c.call("listConfigs(exact dataId)", () -> svc.listConfigs("search.one", "test-group", NS));
        c.check("listConfigs is exact, no partial match", exact != null && exact.getTotalCount() == 0, describePage(exact));
        Page<ConfigBasicInfo> byType = c.call("listConfigs(type)", () -> svc.listConfigs("", "", NS, "json"));
        c.check("listConfigs(.., type)", byType != null && byType.getTotalCount() == 1
                && "search.one.json".equals(byType.getPageItems().get(0).getDataId()), describePage(byType));
        Page<ConfigBasicInfo> byTag = c.call("listConfigs(tags, app)", () -> svc.listConfigs("", "", NS, "", "testTag1", "testApp"));
        c.check("listConfigs(.., tags, app)", byTag != null && byTag.getTotalCount() == 1, describePage(byTag));
        Page<ConfigBasicInfo> paged = c.call("listConfigs(page)", () -> svc.listConfigs("", "", NS, "", "", "", 1, 2));
        c.check("listConfigs(.., pageNo, pageSize)", paged != null && paged.getPageItems().size() == 2
                && paged.getPagesAvailable() >= 2, describePage(paged));

        // §3.6 search (blur), every overload
        Page<ConfigBasicInfo> s1 = c.call("searchConfigs(dataId, group, ns)", () -> svc.searchConfigs("", "test", NS));
        c.check("searchConfigs(group contains)", s1 != null && s1.getTotalCount() == 2, describePage(s1));
        Page<ConfigBasicInfo> s2 = c.call("searchConfigs(type)", () -> svc.searchConfigs("search", "", NS, "yaml"));
        c.check("searchConfigs(.., type)", s2 != null && s2.getTotalCount() == 1, describePage(s2));
        Page<ConfigBasicInfo> s3 = c.call("searchConfigs(detail)", () -> svc.searchConfigs("", "", NS, "needle", ""));
        c.check("searchConfigs(.., configDetail)", s3 != null && s3.getTotalCount() == 1, describePage(s3));
        Page<ConfigBasicInfo> s4 = c.call("searchConfigs(tags, app)",
                () -> svc.searchConfigs("", "", NS, "", "", "testTag2", "otherApp"));
        c.check("searchConfigs(.., tags, app)", s4 != null && s4.getTotalCount() == 1, describePage(s4));
        Page<ConfigBasicInfo> s5 = c.call("searchConfigs(page)", () -> svc.searchConfigs("", "", NS, "", "", "", "", 2, 2));
        c.check("searchConfigs(.., pageNo, pageSize)", s5 != null && s5.getPageNumber() == 2 && s5.getPageItems().size() >= 1,
                describePage(s5));
        Page<ConfigBasicInfo> wild = c.call("searchConfigs(wildcard)", () -> svc.searchConfigs("search.*.yaml", "", NS));
        c.check("searchConfigs(wildcard inside)", wild != null && wild.getTotalCount() == 1, describePage(wild));
        // §3.20
        Page<ConfigBasicInfo> sd = c.call("searchConfigByDetails", () -> svc.searchConfigByDetails(d, G, NS, "blur",
                null, null, null, null, 1, 100));
        c.check("searchConfigByDetails(blur)", sd != null && sd.getTotalCount() == 1, describePage(sd));
        Page<ConfigBasicInfo> sd2 = c.call("searchConfigByDetails accurate", () -> svc.searchConfigByDetails(
                "search.one.json", "test-group", NS, "accurate", "*needle*", "json", "testTag1", "testApp", 1, 10));
        c.check("searchConfigByDetails(accurate, every filter)", sd2 != null && sd2.getTotalCount() == 1, describePage(sd2));
        expectCode(c, "searchConfigByDetails(pageNo 0) is 400", 400,
                () -> svc.searchConfigByDetails("", "", NS, "blur", null, null, null, null, 0, 10));

        // §3.8
        List<ConfigBasicInfo> inNs = c.call("getConfigListByNamespace", () -> svc.getConfigListByNamespace(NS));
        c.check("getConfigListByNamespace", inNs != null && inNs.size() >= 3
                && inNs.stream().anyMatch(x -> d.equals(x.getDataId()) && x.getId() == id), String.valueOf(inNs));

        // §3.14-3.16 history
        Page<ConfigHistoryBasicInfo> his = c.call("listConfigHistory", () -> svc.listConfigHistory(d, G, NS, 1, 10));
        c.check("listConfigHistory", his != null && his.getTotalCount() == 7 && his.getPageItems().size() == 7
                && "U".equals(his.getPageItems().get(0).getOpType())
                && "I".equals(his.getPageItems().get(6).getOpType()), describeHistory(his));
        if (his != null && !his.getPageItems().isEmpty()) {
            ConfigHistoryBasicInfo newest = his.getPageItems().get(0);
            ConfigHistoryDetailInfo h = c.call("getConfigHistoryInfo", () -> svc.getConfigHistoryInfo(d, G, NS, newest.getId()));
            c.check("getConfigHistoryInfo", h != null && "k=v6".equals(h.getContent()) && "formal".equals(h.getPublishType()),
                    h == null ? "null" : h.getContent() + " " + h.getExtInfo());
            expectCode(c, "getConfigHistoryInfo(other config) is 403", 403,
                    () -> svc.getConfigHistoryInfo("search.one.json", "test-group", NS, newest.getId()));
        }
        expectCode(c, "getConfigHistoryInfo(unknown nid) is 404", 404, () -> svc.getConfigHistoryInfo(d, G, NS, 987654321L));
        ConfigHistoryDetailInfo prev = c.call("getPreviousConfigHistoryInfo", () -> svc.getPreviousConfigHistoryInfo(d, G, NS, id));
        c.check("getPreviousConfigHistoryInfo", prev != null && "k=v6".equals(prev.getContent()) && "U".equals(prev.getOpType()),
                prev == null ? "null" : prev.getContent());

        // §3.7 clone
        ConfigCloneInfo ci = new ConfigCloneInfo();
        ci.setConfigId(id);
        ci.setTargetDataId("maintain.client.clone");
        Map<String, Object> cl = c.call("cloneConfig", () -> svc.cloneConfig(NS, Collections.singletonList(ci), "", SameConfigPolicy.ABORT));
        c.check("cloneConfig(ABORT, renamed)", cl != null && Integer.valueOf(1).equals(cl.get("succCount")), String.valueOf(cl));
        ConfigDetailInfo cloned = c.call("get clone", () -> svc.getConfig("maintain.client.clone", G, NS));
        c.check("clone has the content", cloned != null && "k=v6".equals(cloned.getContent()) && cloned.getId() != id,
                describe(cloned));
        Map<String, Object> again = c.call("cloneConfig again", () -> svc.cloneConfig(NS, Collections.singletonList(ci), "", SameConfigPolicy.ABORT));
        c.check("cloneConfig(ABORT, exists) fails it", again != null && Integer.valueOf(0).equals(again.get("succCount"))
                && again.get("failData") != null, String.valueOf(again));
        Map<String, Object> skip = c.call("cloneConfig SKIP", () -> svc.cloneConfig(NS, Collections.singletonList(ci), "", SameConfigPolicy.SKIP));
        c.check("cloneConfig(SKIP)", skip != null && Integer.valueOf(1).equals(skip.get("skipCount")), String.valueOf(skip));
        Map<String, Object> over = c.call("cloneConfig OVERWRITE", () -> svc.cloneConfig(NS, Collections.singletonList(ci), "", SameConfigPolicy.OVERWRITE));
        c.check("cloneConfig(OVERWRITE)", over != null && Integer.valueOf(1).equals(over.get("succCount")), String.valueOf(over));
        Map<String, Object> ghost = c.call("cloneConfig to a missing namespace",
                () -> svc.cloneConfig("no-such-namespace", Collections.singletonList(ci), "", SameConfigPolicy.ABORT));
        c.check("cloneConfig(missing namespace) clones nothing", ghost != null && Integer.valueOf(0).equals(ghost.get("succCount")),
                String.valueOf(ghost));

        // §3.17, §3.18
        String dump = c.call("updateLocalCacheFromStore", svc::updateLocalCacheFromStore);
        c.check("updateLocalCacheFromStore", dump != null && !dump.isEmpty(), dump);
        String lvl = c.call("setLogLevel", () -> svc.setLogLevel("config-server", "DEBUG"));
        c.check("setLogLevel", "Log level updated successfully! Module: config-server, Log Level: DEBUG".equals(lvl), lvl);
        c.call("setLogLevel back", () -> svc.setLogLevel("config-server", "INFO"));

        // §3.3 delete, every overload; §3.4 batch delete
        c.call("publish del1", () -> svc.publishConfig("del.one", "x"));
        c.call("publish del2", () -> svc.publishConfig("del.two", G, "x"));
        c.call("publish del3", () -> svc.publishConfig("del.three", G, NS, "x"));
        c.check("deleteConfig(dataId)", Boolean.TRUE.equals(c.call("delete1", () -> svc.deleteConfig("del.one"))), "");
        c.check("deleteConfig(dataId, group)", Boolean.TRUE.equals(c.call("delete2", () -> svc.deleteConfig("del.two", G))), "");
        c.check("deleteConfig(dataId, group, ns)", Boolean.TRUE.equals(c.call("delete3", () -> svc.deleteConfig("del.three", G, NS))), "");
        expectCode(c, "getConfig(deleted) is 404", 404, () -> svc.getConfig("del.one"));
        c.check("deleteConfig(missing) is true", Boolean.TRUE.equals(c.call("delete missing", () -> svc.deleteConfig("never.was", G, NS))), "");
        long cloneId = cloned == null ? -1 : cloned.getId();
        c.check("deleteConfigs(ids)", Boolean.TRUE.equals(c.call("deleteConfigs",
                () -> svc.deleteConfigs(List.of(cloneId, 987654321L)))), "");
        expectCode(c, "getConfig(batch-deleted) is 404", 404, () -> svc.getConfig("maintain.client.clone", G, NS));
        ConfigDetailInfo kept = c.call("get kept", () -> svc.getConfig(d, G, NS));
        c.check("deleteConfigs kept the others", kept != null, describe(kept));
    }

    private static void expectCode(Checks c, String name, int code, Checks.Call<?> call) {
        Exception e = c.expectFailure(name, call);
        if (e == null) {
            return;
        }
        boolean ok = e instanceof NacosException ne && ne.getErrCode() == code;
        c.check(name, ok, Checks.describe(e));
    }

    private static String describe(ConfigDetailInfo i) {
        if (i == null) {
            return "null";
        }
        return "id=" + i.getId() + " ns=" + i.getNamespaceId() + " " + i.getGroupName() + "/" + i.getDataId() + " type="
                + i.getType() + " app=" + i.getAppName() + " user=" + i.getCreateUser() + " desc=" + i.getDesc()
                + " tags=" + i.getConfigTags() + " content=" + i.getContent();
    }

    private static String describePage(Page<ConfigBasicInfo> p) {
        if (p == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("total=" + p.getTotalCount() + " page=" + p.getPageNumber() + "/"
                + p.getPagesAvailable() + ":");
        for (ConfigBasicInfo i : p.getPageItems()) {
            b.append(' ').append(i.getGroupName()).append('/').append(i.getDataId());
        }
        return b.toString();
    }

    private static String describeHistory(Page<ConfigHistoryBasicInfo> p) {
        if (p == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("total=" + p.getTotalCount() + ":");
        for (ConfigHistoryBasicInfo i : p.getPageItems()) {
            b.append(' ').append(i.getId()).append(i.getOpType());
        }
        return b.toString();
    }
}
