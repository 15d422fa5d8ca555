/** Calls to one REST API as one client with its bearer token, as a real caller sends them. */
export interface ApiCaller {
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
}

export function apiCaller(baseUrl: string, token: string): ApiCaller {
  const authorization = { authorization: `Bearer ${token}` };
  return {
    get: (path, headers = {}) => fetch(`${baseUrl}${path}`, { headers: { ...authorization, ...headers } }),
    post: (path, body, headers = {}) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authorization, ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}
