// Every page of the console: one import a page. A page file registers
// itself with page() from lib/router.js; its order sets its nav position.
import './home.jsx';
import './namespaces.jsx';
import './services.jsx';
import './service.jsx';
import './configs.jsx';
import './config.jsx';
import './nodes.jsx';
import './node.jsx';
import './gateways.jsx';
import './gateway.jsx';
import './governance.jsx';
import './routerules.jsx';
import './microservices.jsx';
import './microservice.jsx';
