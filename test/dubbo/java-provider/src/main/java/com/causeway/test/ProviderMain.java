package com.causeway.test;

import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * A real Java Dubbo provider for Causeway's bridge tests: Apache Dubbo 3
 * exporting com.causeway.test.UserService over the dubbo protocol
 * (hessian2) as 127.0.0.1 on the port given as the first argument or by
 * DUBBO_PORT (20880 without either). Dubbo takes a 127.* host for none and
 * listens on every interface: its AbstractServer binds 0.0.0.0 then. There
 * is no registry (the test registers it in Causeway) and no QoS server. It
 * prints READY once the service is exported, then serves until killed.
 */
public final class ProviderMain {
    private ProviderMain() {}

    public static void main(String[] args) {
        int port = port(args);
        // Dubbo logs through java.util.logging here; its INFO lines only
        // slow the start down.
        Logger.getLogger("").setLevel(Level.WARNING);

        ApplicationConfig app = new ApplicationConfig("causeway-java-provider");
        app.setQosEnable(false);
        app.setQosAcceptForeignIp(false);
        app.setEnableFileCache(false);

        ProtocolConfig protocol = new ProtocolConfig("dubbo", port);
        protocol.setHost("127.0.0.1");
        protocol.setSerialization("hessian2");

        ServiceConfig<UserService> service = new ServiceConfig<>();
        service.setInterface(UserService.class);
        service.setRef(new UserServiceImpl());

        DubboBootstrap bootstrap = DubboBootstrap.getInstance()
                .application(app)
                .registry(new RegistryConfig(RegistryConfig.NO_AVAILABLE))
                .protocol(protocol)
                .service(service)
                .start();
        System.out.println("READY");
        System.out.flush();
        bootstrap.await();
    }

    private static int port(String[] args) {
        String p = args.length > 0 ? args[0] : System.getenv("DUBBO_PORT");
        if (p == null || p.isBlank()) {
            return 20880;
        }
        return Integer.parseInt(p.trim());
    }
}
