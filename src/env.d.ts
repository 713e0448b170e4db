/// <reference types="astro/client" />

declare module 'flake-docs:mermaid-client' {
  const Component: (props: Record<string, unknown>) => unknown;
  export default Component;
}
