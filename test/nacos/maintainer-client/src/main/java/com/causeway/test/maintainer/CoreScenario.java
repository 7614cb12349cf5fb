package com.causeway.test.maintainer;

import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.model.response.ConnectionInfo;
import com.alibaba.nacos.api.model.response.IdGeneratorInfo;
import com.alibaba.nacos.api.model.response.NacosMember;
import com.alibaba.nacos.api.model.response.Namespace;
import com.alibaba.nacos.api.model.response.ServerLoaderMetrics;
import com.alibaba.nacos.maintainer.client.naming.NamingMaintainerFactory;
import com.alibaba.nacos.maintainer.client.naming.NamingMaintainerService;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The Maintainer SDK calls of seed 003's core section (§5.1-5.19; the plugin
 * calls §5.20-5.24 are not in the 3.1.0 SDK, the Go side drives them over
 * HTTP). Causeway is one node without Raft: what has no meaning there
 * (raft ops, lookup mode, connection balancing) must fail with 501, never
 * answer a fake success. Namespaces "core-sdk-ns" and one with a generated id
 * are left for the Go side to find through v1/v2.
 */
final class CoreScenario {

    private CoreScenario() {
    }

    static void run(Properties props, Checks checks) throws Exception {
        NamingMaintainerService m = NamingMaintainerFactory.createNamingMaintainerService(props);
        state(m, checks);
        ops(m, checks);
        cluster(m, checks);
        loader(m, checks);
        namespaces(m, checks);
    }

    /** Expects a NacosException with HTTP status errCode whose message holds code. */
    private static void fails(Checks checks, String name, int status, String code, Checks.Call<?> call) {
        Exception e = checks.expectFailure(name, call);
        if (e == null) {
            return;
        }
        boolean ok = e instanceof NacosException ne && ne.getErrCode() == status
                && String.valueOf(ne.getErrMsg()).contains(code);
        checks.check(name, ok, Checks.describe(e));
    }

    private static void state(NamingMaintainerService m, Checks checks) {
        Map<String, String> state = checks.call("core.serverState", m::getServerState);
        if (state != null) {
            checks.check("core.serverState", state.get("version") != null && !state.get("version").isEmpty()
                    && "true".equals(state.get("auth_enabled"))
                    && "standalone".equals(state.get("standalone_mode")), state);
        }
        checks.check("core.liveness", Boolean.TRUE.equals(checks.call("core.liveness", m::liveness)), "");
        checks.check("core.readiness", Boolean.TRUE.equals(checks.call("core.readiness", m::readiness)), "");
    }

    private static void ops(NamingMaintainerService m, Checks checks) {
        fails(checks, "core.raftOps", 501, "40001", () -> m.raftOps("doSnapshot", "127.0.0.1:7848", ""));
        fails(checks, "core.raftOps.noCommand", 400, "10000", () -> m.raftOps(null, null, null));
        List<IdGeneratorInfo> ids = checks.call("core.ids", m::getIdGenerators);
        checks.check("core.ids", ids != null && ids.isEmpty(), ids);
        Object done = checks.call("core.logLevel", () -> {
            m.updateLogLevel("core-auth", "DEBUG");
            m.updateLogLevel("core-auth", "INFO");
            return "done";
        });
        checks.check("core.logLevel", "done".equals(done), done);
        fails(checks, "core.logLevel.unknownLevel", 400, "20002", () -> {
            m.updateLogLevel("core", "LOUD");
            return null;
        });
    }

    private static void cluster(NamingMaintainerService m, Checks checks) {
        Collection<NacosMember> all = checks.call("core.nodes", () -> m.listClusterNodes("", ""));
        if (all != null) {
            NacosMember self = all.isEmpty() ? null : all.iterator().next();
            checks.check("core.nodes", all.size() == 1 && self.getPort() > 0 && self.getIp() != null
                    && "UP".equals(String.valueOf(self.getState())), all);
            if (self != null) {
                Collection<NacosMember> byAddr = checks.call("core.nodes.address",
                        () -> m.listClusterNodes(self.getIp(), "UP"));
                checks.check("core.nodes.address", byAddr != null && byAddr.size() == 1, byAddr);
            }
        }
        Collection<NacosMember> none = checks.call("core.nodes.down", () -> m.listClusterNodes("", "DOWN"));
        checks.check("core.nodes.down", none != null && none.isEmpty(), none);
        fails(checks, "core.nodes.badState", 400, "23000", () -> m.listClusterNodes("", "SLEEPY"));
        fails(checks, "core.lookup", 501, "40001", () -> m.updateLookupMode("file"));
        fails(checks, "core.lookup.unknown", 400, "20002", () -> m.updateLookupMode("dns"));
    }

    private static void loader(NamingMaintainerService m, Checks checks) {
        Map<String, ConnectionInfo> conns = checks.call("core.currentClients", m::getCurrentClients);
        checks.check("core.currentClients", conns != null, conns);
        ServerLoaderMetrics metrics = checks.call("core.loaderMetrics", m::getClusterLoaderMetrics);
        checks.check("core.loaderMetrics", metrics != null && metrics.getMemberCount() == 1
                && metrics.getDetail() != null && metrics.getDetail().size() == 1, metrics);
        fails(checks, "core.reloadConnectionCount", 501, "40001", () -> m.reloadConnectionCount(10, ""));
        fails(checks, "core.smartReloadCluster", 501, "40001", () -> m.smartReloadCluster("0.1f"));
        fails(checks, "core.reloadSingleClient.unknown", 404, "20004",
                () -> m.reloadSingleClient("0_127.0.0.1_1", ""));
    }

    private static void namespaces(NamingMaintainerService m, Checks checks) {
        String id = "core-sdk-ns";
        checks.check("core.ns.create", Boolean.TRUE.equals(
                checks.call("core.ns.create", () -> m.createNamespace(id, "Core SDK", "made by the SDK"))), "");
        checks.check("core.ns.createGenerated", Boolean.TRUE.equals(
                checks.call("core.ns.createGenerated", () -> m.createNamespace("core-generated", "name only, the id generated"))), "");
        fails(checks, "core.ns.createTaken", 400, "22000", () -> m.createNamespace(id, "again", ""));
        fails(checks, "core.ns.createBadId", 400, "22000", () -> m.createNamespace("bad id!", "x", ""));
        fails(checks, "core.ns.createBadName", 400, "22000", () -> m.createNamespace("core-bad", "a@b", ""));
        Namespace got = checks.call("core.ns.get", () -> m.getNamespace(id));
        checks.check("core.ns.get", got != null && id.equals(got.getNamespace())
                && "Core SDK".equals(got.getNamespaceShowName()), got);
        fails(checks, "core.ns.getUnknown", 404, "22001", () -> m.getNamespace("core-nope"));
        checks.check("core.ns.update", Boolean.TRUE.equals(checks.call("core.ns.update",
                () -> m.updateNamespace(id, "Core SDK 2", "updated"))), "");
        Namespace upd = checks.call("core.ns.getUpdated", () -> m.getNamespace(id));
        checks.check("core.ns.getUpdated", upd != null && "Core SDK 2".equals(upd.getNamespaceShowName())
                && "updated".equals(upd.getNamespaceDesc()), upd);
        List<Namespace> list = checks.call("core.ns.list", m::getNamespaceList);
        checks.check("core.ns.list", list != null && list.stream().anyMatch(n -> id.equals(n.getNamespace()))
                && list.stream().anyMatch(n -> "core-generated".equals(n.getNamespaceShowName())
                && n.getNamespace().length() == 36), list == null ? null : list.stream()
                .map(n -> n.getNamespace() + "=" + n.getNamespaceShowName()).toList());
        checks.check("core.ns.check", Boolean.TRUE.equals(checks.call("core.ns.check",
                () -> m.checkNamespaceIdExist(id))), "");
        checks.check("core.ns.checkUnknown", Boolean.FALSE.equals(checks.call("core.ns.checkUnknown",
                () -> m.checkNamespaceIdExist("core-nope"))), "");
        checks.check("core.ns.createThenDelete", Boolean.TRUE.equals(checks.call("core.ns.createThenDelete",
                () -> m.createNamespace("core-gone", "gone", ""))), "");
        checks.check("core.ns.delete", Boolean.TRUE.equals(checks.call("core.ns.delete",
                () -> m.deleteNamespace("core-gone"))), "");
        checks.check("core.ns.deleted", Boolean.FALSE.equals(checks.call("core.ns.deleted",
                () -> m.checkNamespaceIdExist("core-gone"))), "");
    }
}
