package com.causeway.test.maintainer;

import com.alibaba.nacos.api.ai.constant.AiConstants;
import com.alibaba.nacos.api.ai.model.a2a.AgentCard;
import com.alibaba.nacos.api.ai.model.a2a.AgentCardDetailInfo;
import com.alibaba.nacos.api.ai.model.a2a.AgentCardVersionInfo;
import com.alibaba.nacos.api.ai.model.a2a.AgentSkill;
import com.alibaba.nacos.api.ai.model.a2a.AgentVersionDetail;
import com.alibaba.nacos.api.ai.model.mcp.McpEndpointInfo;
import com.alibaba.nacos.api.ai.model.mcp.McpEndpointSpec;
import com.alibaba.nacos.api.ai.model.mcp.McpServerBasicInfo;
import com.alibaba.nacos.api.ai.model.mcp.McpServerDetailInfo;
import com.alibaba.nacos.api.ai.model.mcp.McpServerRemoteServiceConfig;
import com.alibaba.nacos.api.ai.model.mcp.McpTool;
import com.alibaba.nacos.api.ai.model.mcp.McpToolSpecification;
import com.alibaba.nacos.api.ai.model.mcp.registry.ServerVersionDetail;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.model.Page;
import com.alibaba.nacos.maintainer.client.ai.AiMaintainerFactory;
import com.alibaba.nacos.maintainer.client.ai.AiMaintainerService;
import com.alibaba.nacos.maintainer.client.naming.NamingMaintainerFactory;
import com.alibaba.nacos.maintainer.client.naming.NamingMaintainerService;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The Maintainer SDK calls of seed 003's AI sections §6 (MCP servers) and §7
 * (A2A agent cards): local and remote servers with tools, DIRECT and REF
 * endpoints (the REF one resolved through an instance registered with the
 * naming SDK), versions with an explicit latest, agent cards with versions,
 * and the bad inputs the SDK lets through with Nacos's codes. Server
 * "sdk-ref-mcp" and agent "sdk-agent" are left for the Go side to find.
 */
final class AiScenario {

    private AiScenario() {
    }

    static void run(Properties props, Checks checks) throws Exception {
        AiMaintainerService ai = AiMaintainerFactory.createAiMaintainerService(props);
        NamingMaintainerService naming = NamingMaintainerFactory.createNamingMaintainerService(props);
        local(ai, checks);
        remote(ai, naming, checks);
        mcpRefusals(ai, checks);
        agents(ai, checks);
        agentRefusals(ai, checks);
    }

    /** Expects a NacosException with HTTP status errCode whose body holds Nacos's code. */
    private static void failsWith(Checks checks, String name, int status, int code, Checks.Call<?> call) {
        Exception e = checks.expectFailure(name, call);
        if (e == null) {
            return;
        }
        boolean ok = e instanceof NacosException ne && ne.getErrCode() == status
                && String.valueOf(ne.getErrMsg()).contains("\"code\":" + code);
        checks.check(name, ok, Checks.describe(e));
    }

    private static McpToolSpecification tools(String... names) {
        McpToolSpecification spec = new McpToolSpecification();
        for (String n : names) {
            McpTool t = new McpTool();
            t.setName(n);
            t.setDescription("tool " + n);
            t.setInputSchema(Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string"))));
            spec.getTools().add(t);
        }
        return spec;
    }

    private static McpServerBasicInfo spec(String name, String protocol, String version, String description) {
        McpServerBasicInfo s = new McpServerBasicInfo();
        s.setName(name);
        s.setProtocol(protocol);
        s.setDescription(description);
        ServerVersionDetail v = new ServerVersionDetail();
        v.setVersion(version);
        s.setVersionDetail(v);
        return s;
    }

    /** §6.4 local (stdio) servers, §6.3 detail, §6.1/6.2 list and search, §6.7 delete. */
    private static void local(AiMaintainerService ai, Checks checks) {
        String id = checks.call("mcp.local.create", () -> ai.createLocalMcpServer("sdk-local", "1.0.0", "local one",
                Map.of("command", "npx", "args", List.of("-y", "weather")), tools("forecast", "alerts")));
        checks.check("mcp.local.create", id != null && id.length() == 36, id);
        McpServerDetailInfo d = checks.call("mcp.local.detail", () -> ai.getMcpServerDetail("sdk-local"));
        if (d != null) {
            checks.check("mcp.local.detail", id != null && id.equals(d.getId())
                    && AiConstants.Mcp.MCP_PROTOCOL_STDIO.equals(d.getProtocol())
                    && "npx".equals(d.getLocalServerConfig().get("command"))
                    && d.getToolSpec() != null && d.getToolSpec().getTools().size() == 2
                    && "1.0.0".equals(d.getVersionDetail().getVersion())
                    && Boolean.TRUE.equals(d.getVersionDetail().getIs_latest())
                    && "public".equals(d.getNamespaceId()), d.getName() + " " + d.getVersionDetail());
        }
        String plain = checks.call("mcp.local.createPlain", () -> ai.createLocalMcpServer("sdk-local-plain", "0.1"));
        checks.check("mcp.local.createPlain", plain != null, plain);
        Page<McpServerBasicInfo> exact = checks.call("mcp.list", () -> ai.listMcpServer("sdk-local", 1, 100));
        if (exact != null) {
            checks.check("mcp.list", exact.getTotalCount() == 1 && "sdk-local".equals(exact.getPageItems().get(0).getName()),
                    exact.getTotalCount());
        }
        Page<McpServerBasicInfo> blur = checks.call("mcp.search", () -> ai.searchMcpServer("sdk-local"));
        if (blur != null) {
            checks.check("mcp.search", blur.getTotalCount() == 2, blur.getTotalCount());
        }
        Page<McpServerBasicInfo> page = checks.call("mcp.search.page", () -> ai.searchMcpServer("public", "sdk-", 2, 1));
        if (page != null) {
            checks.check("mcp.search.page", page.getPageNumber() == 2 && page.getPageItems().size() == 1
                    && page.getPagesAvailable() == page.getTotalCount(), page.getPagesAvailable());
        }
        Boolean deleted = checks.call("mcp.local.delete", () -> ai.deleteMcpServer("sdk-local-plain"));
        checks.check("mcp.local.delete", Boolean.TRUE.equals(deleted), deleted);
        failsWith(checks, "mcp.local.deleted", 404, 50000, () -> ai.getMcpServerDetail("sdk-local-plain"));
    }

    /**
     * §6.5 remote servers: DIRECT, then REF to a service registered through
     * the naming SDK; §6.6 versions with isLatest; §6.8 the unified create.
     */
    private static void remote(AiMaintainerService ai, NamingMaintainerService naming, Checks checks) {
        McpEndpointSpec direct = new McpEndpointSpec();
        direct.setType(AiConstants.Mcp.MCP_ENDPOINT_TYPE_DIRECT);
        direct.getData().put("address", "127.0.0.1");
        direct.getData().put("port", "8080");
        McpServerRemoteServiceConfig sse = new McpServerRemoteServiceConfig();
        sse.setExportPath("/sse");
        String id = checks.call("mcp.remote.direct", () -> ai.createRemoteMcpServer("sdk-direct-mcp", "1.0.0",
                "direct one", AiConstants.Mcp.MCP_PROTOCOL_SSE, sse, direct, tools("ping")));
        McpServerDetailInfo d = checks.call("mcp.remote.direct.detail", () -> ai.getMcpServerDetail("sdk-direct-mcp"));
        if (d != null) {
            List<McpEndpointInfo> eps = d.getBackendEndpoints();
            checks.check("mcp.remote.direct.detail", id != null && eps != null && eps.size() == 1
                    && "127.0.0.1".equals(eps.get(0).getAddress()) && eps.get(0).getPort() == 8080
                    && "/sse".equals(eps.get(0).getPath()) && d.getToolSpec().getTools().size() == 1, eps);
        }
        Object reg = checks.call("mcp.ref.instance", () -> naming.registerInstance("public", "DEFAULT_GROUP",
                "sdk-mcp-backend", "10.1.2.3", 9090));
        McpEndpointSpec ref = new McpEndpointSpec();
        ref.setType(AiConstants.Mcp.MCP_ENDPOINT_TYPE_REF);
        ref.getData().put("namespaceId", "public");
        ref.getData().put("groupName", "DEFAULT_GROUP");
        ref.getData().put("serviceName", "sdk-mcp-backend");
        ref.getData().put("transportProtocol", "http");
        McpServerBasicInfo streamable = spec("sdk-ref-mcp", AiConstants.Mcp.MCP_PROTOCOL_STREAMABLE, "1.0.0", "ref one");
        McpServerRemoteServiceConfig mcpPath = new McpServerRemoteServiceConfig();
        mcpPath.setExportPath("/mcp");
        streamable.setRemoteServerConfig(mcpPath);
        String refID = checks.call("mcp.ref.create", () -> ai.createMcpServer("sdk-ref-mcp", streamable, tools("a", "b"), ref));
        McpServerDetailInfo rd = checks.call("mcp.ref.detail", () -> ai.getMcpServerDetail("public", "sdk-ref-mcp", null));
        if (rd != null) {
            List<McpEndpointInfo> eps = rd.getBackendEndpoints();
            checks.check("mcp.ref.detail", reg != null && refID != null && eps != null && eps.size() == 1
                    && "10.1.2.3".equals(eps.get(0).getAddress()) && eps.get(0).getPort() == 9090
                    && "http".equals(eps.get(0).getProtocol())
                    && "sdk-mcp-backend".equals(rd.getRemoteServerConfig().getServiceRef().getServiceName()), eps);
        }
        // 2.0.0 is published without becoming the latest, then made the latest.
        McpServerBasicInfo v2 = spec("sdk-ref-mcp", AiConstants.Mcp.MCP_PROTOCOL_STREAMABLE, "2.0.0", "ref two");
        v2.setRemoteServerConfig(mcpPath);
        Boolean up = checks.call("mcp.update.notLatest", () -> ai.updateMcpServer("public", "sdk-ref-mcp", false, v2,
                tools("a", "b", "c"), ref));
        McpServerDetailInfo latest = checks.call("mcp.update.notLatest", () -> ai.getMcpServerDetail("sdk-ref-mcp"));
        checks.check("mcp.update.notLatest", Boolean.TRUE.equals(up) && latest != null
                && "1.0.0".equals(latest.getVersionDetail().getVersion()) && latest.getAllVersions().size() == 2,
                latest == null ? null : latest.getAllVersions());
        Boolean up2 = checks.call("mcp.update.latest", () -> ai.updateMcpServer("sdk-ref-mcp", true, v2,
                tools("a", "b", "c"), ref));
        McpServerDetailInfo now = checks.call("mcp.update.latest", () -> ai.getMcpServerDetail("sdk-ref-mcp"));
        checks.check("mcp.update.latest", Boolean.TRUE.equals(up2) && now != null
                && "2.0.0".equals(now.getVersionDetail().getVersion()) && now.getToolSpec().getTools().size() == 3
                && "ref two".equals(now.getDescription()), now == null ? null : now.getVersionDetail());
        McpServerDetailInfo old = checks.call("mcp.detail.version", () -> ai.getMcpServerDetail("sdk-ref-mcp", "1.0.0"));
        checks.check("mcp.detail.version", old != null && "ref one".equals(old.getDescription())
                && !Boolean.TRUE.equals(old.getVersionDetail().getIs_latest()), old == null ? null : old.getVersionDetail());
        // A published version is immutable.
        McpServerBasicInfo changed = spec("sdk-ref-mcp", AiConstants.Mcp.MCP_PROTOCOL_STREAMABLE, "1.0.0", "rewritten");
        failsWith(checks, "mcp.update.publishedVersion", 409, 50002,
                () -> ai.updateMcpServer("sdk-ref-mcp", true, changed, null, ref));
        Boolean delV = checks.call("mcp.delete.version", () -> ai.deleteMcpServer("public", "sdk-direct-mcp", null, "1.0.0"));
        checks.check("mcp.delete.version", Boolean.TRUE.equals(delV), delV);
        failsWith(checks, "mcp.delete.gone", 404, 50000, () -> ai.deleteMcpServer("sdk-direct-mcp"));
    }

    /** What the SDK sends without checking, refused with Nacos's codes and nothing written. */
    private static void mcpRefusals(AiMaintainerService ai, Checks checks) {
        failsWith(checks, "mcp.create.duplicate", 409, 20005, () -> ai.createLocalMcpServer("sdk-local", "9.0.0"));
        failsWith(checks, "mcp.create.noVersion", 400, 20002, () -> ai.createLocalMcpServer("sdk-noversion", null));
        McpEndpointSpec noService = new McpEndpointSpec();
        noService.setType(AiConstants.Mcp.MCP_ENDPOINT_TYPE_REF);
        noService.getData().put("namespaceId", "public");
        failsWith(checks, "mcp.create.refWithoutService", 400, 10000, () -> ai.createRemoteMcpServer("sdk-bad-ref", "1",
                AiConstants.Mcp.MCP_PROTOCOL_SSE, noService));
        McpEndpointSpec badPort = new McpEndpointSpec();
        badPort.setType(AiConstants.Mcp.MCP_ENDPOINT_TYPE_DIRECT);
        badPort.getData().put("address", "127.0.0.1");
        badPort.getData().put("port", "not-a-port");
        failsWith(checks, "mcp.create.badPort", 400, 20002, () -> ai.createRemoteMcpServer("sdk-bad-port", "1",
                AiConstants.Mcp.MCP_PROTOCOL_SSE, badPort));
        // createRemoteMcpServer refuses a null endpoint itself; the unified create sends it.
        failsWith(checks, "mcp.create.remoteWithoutEndpoint", 400, 10000, () -> ai.createMcpServer("sdk-no-ep",
                spec("sdk-no-ep", AiConstants.Mcp.MCP_PROTOCOL_SSE, "1", "d"), null, null));
        failsWith(checks, "mcp.create.duplicateTool", 400, 20002, () -> ai.createLocalMcpServer("sdk-dup-tool", "1", "d",
                tools("same", "same")));
        failsWith(checks, "mcp.update.unknown", 404, 50000, () -> ai.updateMcpServer("sdk-nobody",
                spec("sdk-nobody", AiConstants.Mcp.MCP_PROTOCOL_STDIO, "1", "d"), null, null));
        failsWith(checks, "mcp.detail.unknownVersion", 404, 50001, () -> ai.getMcpServerDetail("sdk-local", "9.9.9"));
        failsWith(checks, "mcp.list.pageZero", 400, 20002, () -> ai.listMcpServer("", 0, 10));
        Page<McpServerBasicInfo> all = checks.call("mcp.refusals.nothingWritten", () -> ai.searchMcpServer("sdk-"));
        if (all != null) {
            checks.check("mcp.refusals.nothingWritten", all.getTotalCount() == 2, all.getTotalCount());
        }
    }

    private static AgentCard card(String name, String version, String url) {
        AgentCard c = new AgentCard();
        c.setName(name);
        c.setVersion(version);
        c.setDescription("agent " + version);
        c.setUrl(url);
        c.setProtocolVersion("0.3.0");
        AgentSkill skill = new AgentSkill();
        skill.setId("summarize");
        skill.setName("Summarize");
        skill.setTags(List.of("text"));
        c.setSkills(List.of(skill));
        return c;
    }

    /** §7.1-7.7: publish, query, versions with setAsLatest, search, list, delete. */
    private static void agents(AiMaintainerService ai, Checks checks) {
        Boolean r = checks.call("a2a.register", () -> ai.registerAgent(card("sdk-agent", "1.0.0", "http://agent:1/a2a")));
        checks.check("a2a.register", Boolean.TRUE.equals(r), r);
        Boolean r2 = checks.call("a2a.register.service", () -> ai.registerAgent(card("sdk-agent-2", "1", "http://agent:2/"),
                "public", AiConstants.A2a.A2A_ENDPOINT_TYPE_SERVICE));
        checks.check("a2a.register.service", Boolean.TRUE.equals(r2), r2);
        AgentCardDetailInfo d = checks.call("a2a.get", () -> ai.getAgentCard("sdk-agent"));
        checks.check("a2a.get", d != null && "1.0.0".equals(d.getVersion()) && "http://agent:1/a2a".equals(d.getUrl())
                && d.getSkills() != null && d.getSkills().size() == 1 && "Summarize".equals(d.getSkills().get(0).getName())
                && "URL".equals(d.getRegistrationType()), d == null ? null : d.getName());
        Boolean u = checks.call("a2a.update.notLatest", () -> ai.updateAgentCard(card("sdk-agent", "2.0.0", "http://agent:2/a2a"),
                "public", false));
        AgentCardDetailInfo still = checks.call("a2a.update.notLatest", () -> ai.getAgentCard("sdk-agent", "public"));
        checks.check("a2a.update.notLatest", Boolean.TRUE.equals(u) && still != null && "1.0.0".equals(still.getVersion()),
                still == null ? null : still.getVersion());
        Boolean u2 = checks.call("a2a.update.latest", () -> ai.updateAgentCard(card("sdk-agent", "2.0.0", "http://agent:2/a2a")));
        AgentCardDetailInfo now = checks.call("a2a.update.latest", () -> ai.getAgentCard("sdk-agent", "public", "URL"));
        checks.check("a2a.update.latest", Boolean.TRUE.equals(u2) && now != null && "2.0.0".equals(now.getVersion())
                && "http://agent:2/a2a".equals(now.getUrl()), now == null ? null : now.getVersion());
        List<AgentVersionDetail> vs = checks.call("a2a.versions", () -> ai.listAllVersionOfAgent("sdk-agent"));
        checks.check("a2a.versions", vs != null && vs.size() == 2 && !vs.get(0).isLatest() && vs.get(1).isLatest()
                && vs.get(0).getCreatedAt() != null, vs);
        Page<AgentCardVersionInfo> search = checks.call("a2a.search", () -> ai.searchAgentCardsByName("sdk-agent"));
        checks.check("a2a.search", search != null && search.getTotalCount() == 2, search == null ? null : search.getTotalCount());
        Page<AgentCardVersionInfo> list = checks.call("a2a.list", () -> ai.listAgentCards("public", "sdk-agent", 1, 100));
        checks.check("a2a.list", list != null && list.getTotalCount() == 1
                && "2.0.0".equals(list.getPageItems().get(0).getLatestPublishedVersion())
                && list.getPageItems().get(0).getVersionDetails().size() == 2, list == null ? null : list.getTotalCount());
        Page<AgentCardVersionInfo> all = checks.call("a2a.list.all", () -> ai.listAgentCards(1, 1));
        checks.check("a2a.list.all", all != null && all.getTotalCount() == 2 && all.getPageItems().size() == 1
                && all.getPagesAvailable() == 2, all == null ? null : all.getPagesAvailable());
        Boolean dv = checks.call("a2a.delete.version", () -> ai.deleteAgent("sdk-agent", "public", "2.0.0"));
        AgentCardDetailInfo back = checks.call("a2a.delete.version", () -> ai.getAgentCard("sdk-agent"));
        checks.check("a2a.delete.version", Boolean.TRUE.equals(dv) && back != null && "1.0.0".equals(back.getVersion()),
                back == null ? null : back.getVersion());
        Boolean da = checks.call("a2a.delete", () -> ai.deleteAgent("sdk-agent-2"));
        checks.check("a2a.delete", Boolean.TRUE.equals(da), da);
        failsWith(checks, "a2a.deleted", 404, 50100, () -> ai.getAgentCard("sdk-agent-2"));
    }

    private static void agentRefusals(AiMaintainerService ai, Checks checks) {
        failsWith(checks, "a2a.register.duplicate", 409, 20005, () -> ai.registerAgent(card("sdk-agent", "7", "http://a/")));
        failsWith(checks, "a2a.register.noVersion", 400, 10000, () -> ai.registerAgent(card("sdk-noversion", null, "http://a/")));
        failsWith(checks, "a2a.register.relativeUrl", 400, 20002, () -> ai.registerAgent(card("sdk-rel", "1", "/a2a")));
        failsWith(checks, "a2a.register.badType", 400, 20002,
                () -> ai.registerAgent(card("sdk-badtype", "1", "http://a/"), "public", "DNS"));
        failsWith(checks, "a2a.update.unknown", 404, 50100, () -> ai.updateAgentCard(card("sdk-nobody", "1", "http://a/")));
        failsWith(checks, "a2a.update.publishedVersion", 409, 50102,
                () -> ai.updateAgentCard(card("sdk-agent", "1.0.0", "http://rewritten/")));
        failsWith(checks, "a2a.versions.unknown", 404, 50100, () -> ai.listAllVersionOfAgent("sdk-nobody"));
        failsWith(checks, "a2a.list.pageZero", 400, 20002, () -> ai.listAgentCards(0, 10));
        Page<AgentCardVersionInfo> all = checks.call("a2a.refusals.nothingWritten", () -> ai.listAgentCards(1, 100));
        checks.check("a2a.refusals.nothingWritten", all != null && all.getTotalCount() == 1,
                all == null ? null : all.getTotalCount());
    }
}
