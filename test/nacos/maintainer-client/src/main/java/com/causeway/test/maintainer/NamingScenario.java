package com.causeway.test.maintainer;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.model.Page;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.Service;
import com.alibaba.nacos.api.naming.pojo.healthcheck.AbstractHealthChecker;
import com.alibaba.nacos.api.naming.pojo.healthcheck.impl.Tcp;
import com.alibaba.nacos.api.naming.pojo.maintainer.ClientPublisherInfo;
import com.alibaba.nacos.api.naming.pojo.maintainer.ClientServiceInfo;
import com.alibaba.nacos.api.naming.pojo.maintainer.ClientSummaryInfo;
import com.alibaba.nacos.api.naming.pojo.maintainer.ClusterInfo;
import com.alibaba.nacos.api.naming.pojo.maintainer.InstanceMetadataBatchResult;
import com.alibaba.nacos.api.naming.pojo.maintainer.MetricsInfo;
import com.alibaba.nacos.api.naming.pojo.maintainer.ServiceDetailInfo;
import com.alibaba.nacos.api.naming.pojo.maintainer.ServiceView;
import com.alibaba.nacos.api.naming.pojo.maintainer.SubscriberInfo;
import com.alibaba.nacos.api.selector.ExpressionSelector;
import com.alibaba.nacos.api.selector.NoneSelector;
import com.alibaba.nacos.maintainer.client.naming.NamingMaintainerFactory;
import com.alibaba.nacos.maintainer.client.naming.NamingMaintainerService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The Maintainer SDK calls of seed 003's naming section (§4.1-4.27), each
 * checked, with the bad input the SDK lets through. The Go side
 * (test/e2e/nacos_maintainer_naming_test.go) reads what this wrote through
 * the v1/v2 dialects: service maint.naming.persist (group DEFAULT_GROUP,
 * namespace public) with persistent instance 10.9.0.1:8080, metadata
 * {"owner":"sdk","batch":"yes"} and health false.
 */
final class NamingScenario {

    static final String NS = "public";
    static final String GROUP = "DEFAULT_GROUP";
    static final String KEPT = "maint.naming.persist";
    static final String TEMP = "maint.naming.temp";

    private NamingScenario() {
    }

    static void run(Properties props, Checks checks) throws Exception {
        NamingMaintainerService svc = NamingMaintainerFactory.createNamingMaintainerService(props);
        services(svc, checks);
        instances(svc, checks);
        clusterAndHealth(svc, checks);
        clients(svc, checks);
        ops(svc, checks);
    }

    private static Service service(String name) {
        Service s = new Service();
        s.setNamespaceId(NS);
        s.setGroupName(GROUP);
        s.setName(name);
        return s;
    }

    private static Instance instance(String ip, int port, boolean ephemeral) {
        Instance in = new Instance();
        in.setIp(ip);
        in.setPort(port);
        in.setClusterName("DEFAULT");
        in.setEphemeral(ephemeral);
        return in;
    }

    /** Checks that a call failed with this HTTP status and Nacos code. */
    private static void failsWith(Checks checks, String name, int status, int code, Checks.Call<?> call) {
        Exception e = checks.expectFailure(name, call);
        if (e == null) {
            return;
        }
        boolean ok = e instanceof NacosException ne && ne.getErrCode() == status
                && String.valueOf(ne.getErrMsg()).contains("\"code\":" + code);
        checks.check(name, ok, Checks.describe(e));
    }

    private static void services(NamingMaintainerService svc, Checks checks) {
        // §4.1 create: every overload, then a duplicate.
        String r = checks.call("service.create", () -> svc.createService(KEPT));
        checks.check("service.create", "ok".equals(r), r);
        r = checks.call("service.create.full", () -> svc.createService(NS, GROUP, TEMP, true, 0.5f));
        checks.check("service.create.full", "ok".equals(r), r);
        failsWith(checks, "service.create.duplicate", 400, 21007, () -> svc.createService(KEPT));
        Service bad = service("bad@@name");
        failsWith(checks, "service.create.badname", 400, 21000, () -> svc.createService(bad));

        // §4.2 update: metadata, threshold, label selector; a null selector
        // reaches the server as "null", which Nacos refuses (21006).
        Map<String, String> md = new HashMap<>();
        md.put("team", "maint");
        ExpressionSelector sel = new ExpressionSelector();
        sel.setExpression("CONSUMER.label.env = PROVIDER.label.env");
        r = checks.call("service.update", () -> svc.updateService(NS, GROUP, TEMP, true, md, 0.7f, sel));
        checks.check("service.update", "ok".equals(r), r);
        failsWith(checks, "service.update.nullselector", 400, 21006,
                () -> svc.updateService(TEMP, md, 0.7f, null));
        failsWith(checks, "service.update.missing", 400, 21008,
                () -> svc.updateService("maint.naming.none", md, 0f, new NoneSelector()));

        // §4.4 detail.
        ServiceDetailInfo d = checks.call("service.detail", () -> svc.getServiceDetail(NS, GROUP, TEMP));
        if (d != null) {
            checks.check("service.detail", TEMP.equals(d.getServiceName()) && GROUP.equals(d.getGroupName())
                    && NS.equals(d.getNamespaceId()) && Boolean.TRUE.equals(d.isEphemeral())
                    && Math.abs(d.getProtectThreshold() - 0.7f) < 1e-6 && "maint".equals(d.getMetadata().get("team"))
                    && d.getSelector() != null && "label".equals(d.getSelector().getType()), d);
        }
        failsWith(checks, "service.detail.missing", 400, 21008, () -> svc.getServiceDetail("maint.naming.none"));

        // §4.5 list: empty services are left out unless asked for.
        Page<ServiceView> page = checks.call("service.list", () -> svc.listServices(NS, "", "maint.naming", false, 1, 100));
        if (page != null) {
            checks.check("service.list", page.getTotalCount() >= 2 && page.getPageItems().stream()
                    .anyMatch(v -> TEMP.equals(v.getName()) && GROUP.equals(v.getGroupName())), page.getTotalCount());
        }
        Page<ServiceView> nonEmpty = checks.call("service.list.ignoreEmpty",
                () -> svc.listServices(NS, "", "maint.naming.temp", true, 1, 100));
        if (nonEmpty != null) {
            checks.check("service.list.ignoreEmpty", nonEmpty.getTotalCount() == 0, nonEmpty.getTotalCount());
        }
        Page<ServiceView> paged = checks.call("service.list.paged", () -> svc.listServices(NS, "", "maint.naming", false, 2, 1));
        if (paged != null) {
            checks.check("service.list.paged", paged.getPageNumber() == 2 && paged.getPageItems().size() == 1
                    && paged.getPagesAvailable() >= 2, paged.getPagesAvailable());
        }
        failsWith(checks, "service.list.badpage", 400, 20002, () -> svc.listServices(NS, "", "", false, 0, 10));

        // §4.7 subscribers, §4.8 selector types. The SDK reads the selector
        // types as a bare JSON list, while Nacos 3 (and Causeway) wrap it in
        // the Result envelope: the call cannot succeed against either.
        Page<SubscriberInfo> subs = checks.call("service.subscribers", () -> svc.getSubscribers(NS, GROUP, TEMP, 1, 10, true));
        checks.check("service.subscribers", subs != null && subs.getTotalCount() == 0, subs == null ? null : subs.getTotalCount());
        Exception e = checks.expectFailure("service.selectorTypes", svc::listSelectorTypes);
        checks.check("service.selectorTypes.envelope", e != null && !(e instanceof NacosException), e);

        // §4.3 delete.
        r = checks.call("service.delete", () -> svc.removeService(NS, GROUP, TEMP));
        checks.check("service.delete", "ok".equals(r), r);
        failsWith(checks, "service.delete.missing", 400, 21008, () -> svc.removeService(NS, GROUP, TEMP));
    }

    private static void instances(NamingMaintainerService svc, Checks checks) {
        Service s = service(KEPT);
        Instance a = instance("10.9.0.1", 8080, false);
        a.setMetadata(Map.of("owner", "sdk"));
        Instance b = instance("10.9.0.2", 8080, false);
        // §4.9 register.
        String r = checks.call("instance.register", () -> svc.registerInstance(s, a));
        checks.check("instance.register", "ok".equals(r), r);
        r = checks.call("instance.register.b", () -> svc.registerInstance(s, b));
        checks.check("instance.register.b", "ok".equals(r), r);
        Instance heavy = instance("10.9.0.3", 8080, false);
        heavy.setWeight(20000);
        failsWith(checks, "instance.register.badweight", 400, 21001, () -> svc.registerInstance(s, heavy));
        // An ephemeral instance in a persistent service is refused (Nacos:
        // a NacosRuntimeException, 400 with 30000; Causeway's registry
        // words it as a bad parameter for every dialect).
        failsWith(checks, "instance.register.kind", 400, 20002,
                () -> svc.registerInstance(s, instance("10.9.0.4", 8080, true)));

        // §4.11 update: weight and enabled.
        Instance upd = instance("10.9.0.2", 8080, false);
        upd.setWeight(3);
        upd.setEnabled(false);
        r = checks.call("instance.update", () -> svc.updateInstance(s, upd));
        checks.check("instance.update", "ok".equals(r), r);
        Instance got = checks.call("instance.detail", () -> svc.getInstanceDetail(s, instance("10.9.0.2", 8080, false)));
        if (got != null) {
            checks.check("instance.detail", got.getWeight() == 3 && !got.isEnabled() && !got.isEphemeral()
                    && "DEFAULT".equals(got.getClusterName()), got);
        }

        // §4.14 partial update. The SDK always sends weight and enabled (its
        // Instance's defaults, 1.0 and true), so those come back too.
        Instance part = instance("10.9.0.2", 8080, false);
        part.setMetadata(Map.of("zone", "b"));
        r = checks.call("instance.partial", () -> svc.partialUpdateInstance(s, part));
        checks.check("instance.partial", "ok".equals(r), r);
        failsWith(checks, "instance.partial.missing", 404, 20004,
                () -> svc.partialUpdateInstance(s, instance("10.9.9.9", 1, false)));

        // §4.16 detail.
        got = checks.call("instance.detail.partial", () -> svc.getInstanceDetail(s, instance("10.9.0.2", 8080, false)));
        if (got != null) {
            checks.check("instance.detail.partial", got.getWeight() == 1 && got.isEnabled()
                    && "b".equals(got.getMetadata().get("zone")), got);
        }
        failsWith(checks, "instance.detail.missing", 404, 20004,
                () -> svc.getInstanceDetail(s, instance("10.9.9.9", 1, false)));

        // §4.12/4.13 batch metadata.
        InstanceMetadataBatchResult br = checks.call("instance.batchUpdate",
                () -> svc.batchUpdateInstanceMetadata(s, List.of(a, b), Map.of("batch", "yes", "tmp", "1")));
        checks.check("instance.batchUpdate", br != null && br.getUpdated().size() == 2, br == null ? null : br.getUpdated());
        br = checks.call("instance.batchRemove", () -> svc.batchDeleteInstanceMetadata(s, List.of(a, b), Map.of("tmp", "")));
        checks.check("instance.batchRemove", br != null && br.getUpdated().size() == 2, br == null ? null : br.getUpdated());

        // §4.15 list, healthy only.
        List<Instance> list = checks.call("instance.list", () -> svc.listInstances(s, "DEFAULT", false));
        if (list != null) {
            checks.check("instance.list", list.size() == 2 && list.stream().allMatch(i -> "yes".equals(i.getMetadata().get("batch"))
                    && !i.getMetadata().containsKey("tmp")), list);
        }
        failsWith(checks, "instance.list.nocluster", 404, 30000, () -> svc.listInstances(s, "NOPE", false));

        // §4.10 deregister.
        r = checks.call("instance.deregister", () -> svc.deregisterInstance(s, b));
        checks.check("instance.deregister", "ok".equals(r), r);
        failsWith(checks, "service.delete.notEmpty", 400, 21009, () -> svc.removeService(s));
    }

    private static void clusterAndHealth(NamingMaintainerService svc, Checks checks) {
        Service s = service(KEPT);
        // §4.20: the SDK reads the checkers as a bare map, not the envelope
        // Nacos 3 answers.
        Exception e = checks.expectFailure("health.checkers", svc::getHealthCheckers);
        checks.check("health.checkers.envelope", e != null && !(e instanceof NacosException), e);

        // §4.21 cluster metadata.
        ClusterInfo c = new ClusterInfo();
        c.setClusterName("DEFAULT");
        c.setHealthChecker(new AbstractHealthChecker.None());
        c.setUseInstancePortForCheck(true);
        c.setMetadata(Map.of("testK", "testV"));
        String r = checks.call("cluster.update", () -> svc.updateCluster(s, c));
        checks.check("cluster.update", "ok".equals(r), r);
        ServiceDetailInfo d = checks.call("cluster.detail", () -> svc.getServiceDetail(s));
        if (d != null) {
            ClusterInfo got = d.getClusterMap().get("DEFAULT");
            checks.check("cluster.detail", got != null && "testV".equals(got.getMetadata().get("testK"))
                    && "NONE".equals(got.getHealthChecker().getType()), got);
        }
        ClusterInfo tcp = new ClusterInfo();
        tcp.setClusterName("DEFAULT");
        tcp.setHealthChecker(new Tcp());
        failsWith(checks, "cluster.update.tcp", 400, 20002, () -> svc.updateCluster(s, tcp));
        failsWith(checks, "cluster.update.missing", 400, 30000, () -> svc.updateCluster(service("maint.naming.none"), c));

        // §4.19 health of a persistent instance.
        Instance a = instance("10.9.0.1", 8080, false);
        a.setHealthy(false);
        r = checks.call("health.update", () -> svc.updateInstanceHealthStatus(s, a));
        checks.check("health.update", "ok".equals(r), r);
        List<Instance> list = checks.call("health.list", () -> svc.listInstances(s, "DEFAULT", true));
        checks.check("health.list", list != null && list.isEmpty(), list);
    }

    private static void clients(NamingMaintainerService svc, Checks checks) {
        String id = "10.9.0.1:8080#false";
        // §4.22: bare list in the SDK, the envelope in Nacos 3.
        Exception e = checks.expectFailure("client.list", svc::getClientList);
        checks.check("client.list.envelope", e != null && !(e instanceof NacosException), e);
        ClientSummaryInfo sum = checks.call("client.detail", () -> svc.getClientDetail(id));
        if (sum != null) {
            checks.check("client.detail", id.equals(sum.getClientId()) && !sum.isEphemeral()
                    && "ipPort".equals(sum.getClientType()) && sum.getLastUpdatedTime() > 0, sum);
        }
        failsWith(checks, "client.detail.missing", 404, 20004, () -> svc.getClientDetail("1.2.3.4:1#true"));
        List<ClientServiceInfo> pub = checks.call("client.published", () -> svc.getPublishedServiceList(id));
        checks.check("client.published", pub != null && pub.size() == 1 && KEPT.equals(pub.get(0).getServiceName())
                && pub.get(0).getPublisherInfo() != null && pub.get(0).getPublisherInfo().getPort() == 8080, pub);
        List<ClientServiceInfo> sub = checks.call("client.subscribed", () -> svc.getSubscribeServiceList(id));
        checks.check("client.subscribed", sub != null && sub.isEmpty(), sub);
        List<ClientPublisherInfo> pubs = checks.call("client.publishers",
                () -> svc.getPublishedClientList(NS, GROUP, KEPT, null, null));
        checks.check("client.publishers", pubs != null && pubs.size() == 1 && id.equals(pubs.get(0).getClientId()), pubs);
        pubs = checks.call("client.publishers.filtered", () -> svc.getPublishedClientList(NS, GROUP, KEPT, "10.9.0.1", 9999));
        checks.check("client.publishers.filtered", pubs != null && pubs.isEmpty(), pubs);
        checks.check("client.subscribers", Objects.requireNonNullElse(checks.call("client.subscribers",
                () -> svc.getSubscribeClientList(NS, GROUP, KEPT, null, null)), List.of("x")).isEmpty(), "");
        failsWith(checks, "client.publishers.badname", 400, 21000,
                () -> svc.getPublishedClientList(NS, GROUP, "bad@@name", null, null));
    }

    private static void ops(NamingMaintainerService svc, Checks checks) {
        // §4.17 metrics.
        MetricsInfo m = checks.call("ops.metrics.status", () -> svc.getMetrics(true));
        checks.check("ops.metrics.status", m != null && "UP".equals(m.getStatus()) && m.getServiceCount() == null, m);
        m = checks.call("ops.metrics", () -> svc.getMetrics(false));
        checks.check("ops.metrics", m != null && m.getServiceCount() != null && m.getServiceCount() >= 1
                && m.getInstanceCount() >= 1 && m.getPersistentIpPortClientCount() >= 1, m);
        // §4.18 log level: every module's level is the process's, which this moves.
        String lvl = checks.call("ops.log", () -> svc.setLogLevel("naming-server", "DEBUG"));
        checks.check("ops.log", "ok".equals(lvl), lvl);
        checks.call("ops.log back", () -> svc.setLogLevel("naming-server", "INFO"));
        failsWith(checks, "ops.log.badlevel", 400, 20002, () -> svc.setLogLevel("naming-server", "LOUD"));
    }
}
