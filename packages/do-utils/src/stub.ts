/**
 * The stub of the Durable Object named `name`, keeping the object's RPC type
 * so that calls through it are checked against the class's methods.
 */
export function getStub<T extends Rpc.DurableObjectBranded | undefined>(
  namespace: DurableObjectNamespace<T>,
  name: string,
): DurableObjectStub<T> {
  return namespace.get(namespace.idFromName(name));
}
