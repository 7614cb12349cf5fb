package causeway;

import com.alibaba.nacos.api.PropertyKeyConst;
import com.alibaba.nacos.api.exception.NacosException;
import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import com.alibaba.nacos.api.naming.pojo.ListView;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One scenario of the Nacos 1.4 SDK against a server, each step printed as
 * a JSON line ({"step":..., ...}) for the Go test to check. The calls are
 * those Spring Cloud Alibaba and Dubbo make on a Nacos 1.x client:
 * getServicesOfServer(1, Integer.MAX_VALUE) to list every service, and an
 * instance registered in a cluster but deregistered through the overload
 * that names none. Arguments: host:port [username password].
 */
public final class Scenario {

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        p.setProperty(PropertyKeyConst.SERVER_ADDR, args[0]);
        p.setProperty(PropertyKeyConst.NAMESPACE, "public");
        if (args.length > 2) {
            p.setProperty(PropertyKeyConst.USERNAME, args[1]);
            p.setProperty(PropertyKeyConst.PASSWORD, args[2]);
        }
        NamingService ns = NamingFactory.createNamingService(p);

        ns.registerInstance("java1.a", "10.9.0.1", 8080, "c1");
        ns.registerInstance("java1.b", "10.9.0.2", 8080);
        ns.registerInstance("java1.c", "10.9.0.3", 8080);
        print("registered", "\"count\":3");

        try {
            ListView<String> all = ns.getServicesOfServer(1, Integer.MAX_VALUE);
            print("list", "\"count\":" + all.getCount() + ",\"data\":" + quote(all.getData()));
        } catch (NacosException e) {
            // Printed rather than thrown, so the steps after it still run.
            print("list", "\"count\":-1,\"data\":" + quote(List.of(String.valueOf(e.getErrMsg()))));
        }

        List<Instance> before = ns.getAllInstances("java1.a", false);
        print("before", "\"hosts\":" + hosts(before));

        // Registered in c1; this overload deregisters in DEFAULT.
        ns.deregisterInstance("java1.a", "10.9.0.1", 8080);
        List<Instance> after = ns.getAllInstances("java1.a", false);
        print("after", "\"hosts\":" + hosts(after));

        ns.shutDown();
        print("done", "\"ok\":true");
        System.exit(0);
    }

    private static String hosts(List<Instance> list) {
        List<String> out = new ArrayList<>();
        for (Instance in : list) {
            out.add(in.getIp() + ":" + in.getPort() + "@" + in.getClusterName());
        }
        return quote(out);
    }

    private static String quote(List<String> list) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append('"').append(list.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append(']').toString();
    }

    private static void print(String step, String fields) {
        System.out.println("{\"step\":\"" + step + "\"," + fields + "}");
        System.out.flush();
    }
}
