export { parseHttpConfig, isLoopback, type HttpConfig, type HttpToken, type Scope } from './config';
export { buildApp, startHttpServer, type HttpDeps, type HttpServer, type HttpLog } from './server';
