package com.causeway.test.nacos;

import com.alibaba.nacos.api.NacosFactory;
import com.alibaba.nacos.api.PropertyKeyConst;
import com.alibaba.nacos.api.ability.constant.AbilityKey;
import com.alibaba.nacos.api.ability.constant.AbilityStatus;
import com.alibaba.nacos.api.config.ConfigService;
import com.alibaba.nacos.api.config.listener.AbstractListener;
import com.alibaba.nacos.api.config.listener.Listener;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.listener.EventListener;
import com.alibaba.nacos.api.naming.listener.NamingEvent;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.ListView;
import com.alibaba.nacos.common.remote.client.RpcClient;
import com.alibaba.nacos.common.remote.client.RpcClientFactory;
import com.alibaba.nacos.common.utils.VersionUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Drives the real Nacos Java SDK for Causeway's end-to-end tests.
 *
 * <p>Usage: {@code java -Dnacos.server.grpc.port.offset=N -jar java-client.jar HOST:HTTPPORT}. It prints
 * {@code READY}, then reads one JSON command a line on stdin, runs it and prints one JSON answer a line on
 * stdout: {@code {"id":1,"ok":true,"result":...}} or {@code {"id":1,"ok":false,"code":403,"error":"..."}}, the
 * code being the NacosException's. SDK callbacks print event lines meanwhile: {@code {"event":"push",...}} for a
 * subscription's instances and {@code {"event":"config",...}} for a listened config's content.
 *
 * <p>Commands ({@code op}; {@code client} names an SDK instance made by {@code naming} or {@code config}):
 * naming, config, register, deregister, batchRegister, batchDeregister, getAll, select, subscribe,
 * unsubscribe, services, status, abilities, publish, get, listen, unlisten, remove, shutdown, exit.
 */
public final class NacosDriver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private final String server;

    private final Map<String, NamingService> namings = new HashMap<>();

    private final Map<String, ConfigService> configs = new HashMap<>();

    /** The SDK's RPC client of each client name (RpcClientFactory names them by a UUID). */
    private final Map<String, String> rpcNames = new HashMap<>();

    private final Map<String, EventListener> subscriptions = new HashMap<>();

    private final Map<String, Listener> listeners = new HashMap<>();

    private NacosDriver(String server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java-client HOST:HTTPPORT");
            System.exit(2);
        }
        NacosDriver d = new NacosDriver(args[0]);
        OUT.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode cmd;
            try {
                cmd = JSON.readTree(line);
            } catch (Exception e) {
                emit(JSON.createObjectNode().put("ok", false).put("code", -1).put("error", "bad command: " + e));
                continue;
            }
            ObjectNode answer = JSON.createObjectNode();
            answer.set("id", cmd.get("id"));
            answer.put("op", cmd.path("op").asText());
            long begin = System.nanoTime();
            try {
                Object result = d.run(cmd);
                answer.put("ok", true);
                answer.set("result", JSON.valueToTree(result));
            } catch (NacosException e) {
                answer.put("ok", false).put("code", e.getErrCode()).put("error", String.valueOf(e.getErrMsg()));
            } catch (Exception e) {
                answer.put("ok", false).put("code", -1).put("error", e.toString());
            }
            answer.put("ms", (System.nanoTime() - begin) / 1_000_000);
            emit(answer);
            if ("exit".equals(cmd.path("op").asText())) {
                break;
            }
        }
        for (NamingService n : d.namings.values()) {
            n.shutDown();
        }
        for (ConfigService c : d.configs.values()) {
            c.shutDown();
        }
        System.exit(0);
    }

    /** emit prints one JSON line; callbacks print from the SDK's threads. */
    private static void emit(JsonNode node) {
        String s;
        try {
            s = JSON.writeValueAsString(node);
        } catch (Exception e) {
            s = "{\"event\":\"error\",\"error\":\"cannot encode\"}";
        }
        synchronized (OUT) {
            OUT.println(s);
        }
    }

    private Object run(JsonNode c) throws Exception {
        String op = c.path("op").asText();
        String client = c.path("client").asText("main");
        String group = c.path("group").asText("DEFAULT_GROUP");
        String service = c.path("service").asText();
        switch (op) {
            case "naming": {
                Set<String> before = rpcClientNames();
                NamingService n = NacosFactory.createNamingService(properties(c));
                namings.put(client, n);
                rememberRpcClient(client, before);
                return clientState(client, n.getServerStatus());
            }
            case "config": {
                Set<String> before = rpcClientNames();
                ConfigService cs = NacosFactory.createConfigService(properties(c));
                configs.put(client, cs);
                // The config client makes its RPC client on first use;
                // asking its status makes it now.
                String status = cs.getServerStatus();
                rememberRpcClient(client, before);
                return clientState(client, status);
            }
            case "register":
                naming(client).registerInstance(service, group, instance(c));
                return "registered";
            case "deregister":
                naming(client).deregisterInstance(service, group, instance(c));
                return "deregistered";
            case "batchRegister":
                naming(client).batchRegisterInstance(service, group, instances(c.path("instances")));
                return "registered";
            case "batchDeregister":
                naming(client).batchDeregisterInstance(service, group, instances(c.path("instances")));
                return "deregistered";
            case "getAll":
                return hosts(naming(client).getAllInstances(service, group, clusters(c), c.path("subscribe").asBoolean(false)));
            case "select":
                return hosts(naming(client).selectInstances(service, group, clusters(c), c.path("healthy").asBoolean(true),
                        c.path("subscribe").asBoolean(false)));
            case "subscribe": {
                String key = client + "/" + group + "@@" + service;
                if (subscriptions.containsKey(key)) {
                    return "subscribed already";
                }
                EventListener l = event -> {
                    if (event instanceof NamingEvent) {
                        NamingEvent e = (NamingEvent) event;
                        ObjectNode ev = JSON.createObjectNode().put("event", "push").put("client", client)
                                .put("service", e.getServiceName()).put("group", e.getGroupName());
                        ev.set("hosts", hosts(e.getInstances()));
                        emit(ev);
                    }
                };
                naming(client).subscribe(service, group, l);
                subscriptions.put(key, l);
                return "subscribed";
            }
            case "unsubscribe": {
                EventListener l = subscriptions.remove(client + "/" + group + "@@" + service);
                if (l != null) {
                    naming(client).unsubscribe(service, group, l);
                }
                return "unsubscribed";
            }
            case "services": {
                ListView<String> v = naming(client).getServicesOfServer(c.path("pageNo").asInt(1),
                        c.path("pageSize").asInt(100), group);
                ObjectNode r = JSON.createObjectNode().put("count", v.getCount());
                r.set("names", JSON.valueToTree(v.getData()));
                return r;
            }
            case "status":
                if (namings.containsKey(client)) {
                    return clientState(client, namings.get(client).getServerStatus());
                }
                return clientState(client, config(client).getServerStatus());
            case "abilities":
                return abilities();
            case "publish": {
                String dataId = c.path("dataId").asText();
                String content = c.path("content").asText();
                String type = c.path("type").asText("text");
                if (c.has("casMd5")) {
                    return config(client).publishConfigCas(dataId, group, content, c.path("casMd5").asText(), type);
                }
                return config(client).publishConfig(dataId, group, content, type);
            }
            case "get":
                return config(client).getConfig(c.path("dataId").asText(), group, c.path("timeoutMs").asLong(3000));
            case "listen": {
                String dataId = c.path("dataId").asText();
                String key = client + "/" + group + "/" + dataId;
                if (listeners.containsKey(key)) {
                    return "listening already";
                }
                Listener l = new AbstractListener() {
                    @Override
                    public void receiveConfigInfo(String content) {
                        ObjectNode ev = JSON.createObjectNode().put("event", "config").put("client", client)
                                .put("dataId", dataId).put("group", group);
                        if (content == null) {
                            ev.putNull("content");
                        } else {
                            ev.put("content", content);
                        }
                        emit(ev);
                    }
                };
                config(client).addListener(dataId, group, l);
                listeners.put(key, l);
                return "listening";
            }
            case "unlisten": {
                String dataId = c.path("dataId").asText();
                Listener l = listeners.remove(client + "/" + group + "/" + dataId);
                if (l != null) {
                    config(client).removeListener(dataId, group, l);
                }
                return "not listening";
            }
            case "remove":
                return config(client).removeConfig(c.path("dataId").asText(), group);
            case "shutdown": {
                NamingService n = namings.remove(client);
                if (n != null) {
                    n.shutDown();
                }
                ConfigService cs = configs.remove(client);
                if (cs != null) {
                    cs.shutDown();
                }
                rpcNames.remove(client);
                return "shut down";
            }
            case "exit":
                return "bye";
            default:
                throw new IllegalArgumentException("unknown op " + op);
        }
    }

    private Properties properties(JsonNode c) {
        Properties p = new Properties();
        p.setProperty(PropertyKeyConst.SERVER_ADDR, server);
        if (c.hasNonNull("username")) {
            p.setProperty(PropertyKeyConst.USERNAME, c.get("username").asText());
        }
        if (c.hasNonNull("password")) {
            p.setProperty(PropertyKeyConst.PASSWORD, c.get("password").asText());
        }
        if (c.hasNonNull("namespace")) {
            p.setProperty(PropertyKeyConst.NAMESPACE, c.get("namespace").asText());
        }
        // The cached instances of an earlier run must not answer for the server.
        p.setProperty(PropertyKeyConst.NAMING_LOAD_CACHE_AT_START, "false");
        // Any other client property the test sets (a gRPC bound, say).
        c.path("properties").fields().forEachRemaining(e -> p.setProperty(e.getKey(), e.getValue().asText()));
        return p;
    }

    private NamingService naming(String client) {
        NamingService n = namings.get(client);
        if (n == null) {
            throw new IllegalArgumentException("no naming client " + client);
        }
        return n;
    }

    private ConfigService config(String client) {
        ConfigService cs = configs.get(client);
        if (cs == null) {
            throw new IllegalArgumentException("no config client " + client);
        }
        return cs;
    }

    private static Set<String> rpcClientNames() {
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, RpcClient> e : RpcClientFactory.getAllClientEntries()) {
            names.add(e.getKey());
        }
        return names;
    }

    /** rememberRpcClient ties the RPC client the SDK just made to the client's name. */
    private void rememberRpcClient(String client, Set<String> before) {
        for (Map.Entry<String, RpcClient> e : RpcClientFactory.getAllClientEntries()) {
            if (!before.contains(e.getKey())) {
                rpcNames.put(client, e.getKey());
            }
        }
    }

    /**
     * clientState is the SDK's view of a client: the server status it reports, whether its connection runs, and
     * whether the server told it (SetupAckRequest) that it takes persistent instances over gRPC: the SDK then
     * sends them as PersistentInstanceRequest rather than over HTTP.
     */
    private ObjectNode clientState(String client, String status) {
        ObjectNode r = JSON.createObjectNode().put("status", status).put("sdk", VersionUtils.getFullClientVersion());
        RpcClient rpc = rpcNames.containsKey(client) ? RpcClientFactory.getClient(rpcNames.get(client)) : null;
        if (rpc != null) {
            r.put("running", rpc.isRunning());
            r.put("module", rpc.getLabels().get("module"));
            r.put("persistentByGrpc",
                    rpc.getConnectionAbility(AbilityKey.SERVER_SUPPORT_PERSISTENT_INSTANCE_BY_GRPC) == AbilityStatus.SUPPORTED);
            if (rpc.getCurrentServer() != null) {
                r.put("server", rpc.getCurrentServer().getAddress());
            }
        }
        return r;
    }

    private ArrayNode abilities() {
        ArrayNode a = JSON.createArrayNode();
        for (Map.Entry<String, RpcClient> e : RpcClientFactory.getAllClientEntries()) {
            RpcClient rpc = e.getValue();
            a.addObject().put("name", e.getKey()).put("running", rpc.isRunning())
                    .put("module", rpc.getLabels().get("module"))
                    .put("persistentByGrpc", String.valueOf(
                            rpc.getConnectionAbility(AbilityKey.SERVER_SUPPORT_PERSISTENT_INSTANCE_BY_GRPC)));
        }
        return a;
    }

    private static List<String> clusters(JsonNode c) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : c.path("clusters")) {
            out.add(n.asText());
        }
        return out;
    }

    private static List<Instance> instances(JsonNode list) {
        List<Instance> out = new ArrayList<>();
        for (JsonNode n : list) {
            out.add(instance(n));
        }
        return out;
    }

    /** instance builds an Instance from a command; unset fields keep the SDK's defaults. */
    private static Instance instance(JsonNode c) {
        Instance in = new Instance();
        in.setIp(c.path("ip").asText());
        in.setPort(c.path("port").asInt());
        if (c.has("weight")) {
            in.setWeight(c.get("weight").asDouble());
        }
        if (c.has("healthy")) {
            in.setHealthy(c.get("healthy").asBoolean());
        }
        if (c.has("enabled")) {
            in.setEnabled(c.get("enabled").asBoolean());
        }
        if (c.has("ephemeral")) {
            in.setEphemeral(c.get("ephemeral").asBoolean());
        }
        if (c.has("cluster")) {
            in.setClusterName(c.get("cluster").asText());
        }
        if (c.has("metadata")) {
            Map<String, String> md = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = c.get("metadata").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                md.put(e.getKey(), e.getValue().asText());
            }
            in.setMetadata(md);
        }
        return in;
    }

    private static ArrayNode hosts(List<Instance> list) {
        ArrayNode a = JSON.createArrayNode();
        for (Instance in : list) {
            ObjectNode h = a.addObject().put("instanceId", in.getInstanceId()).put("ip", in.getIp())
                    .put("port", in.getPort()).put("weight", in.getWeight()).put("healthy", in.isHealthy())
                    .put("enabled", in.isEnabled()).put("ephemeral", in.isEphemeral())
                    .put("cluster", in.getClusterName()).put("serviceName", in.getServiceName());
            h.set("metadata", JSON.valueToTree(in.getMetadata()));
        }
        return a;
    }
}
