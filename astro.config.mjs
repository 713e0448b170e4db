// @ts-check
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { unified } from '@astrojs/markdown-remark';
import { loadConfig } from './scripts/config.ts';
import path from 'node:path';
import { cacheRoot, flakeDocs } from './scripts/site/integration.ts';
import { buildSidebar } from './scripts/site/sidebar.ts';

const root = process.cwd();
// The CLI resolves the flake's identity (title, repository) and hands it over; `astro` run directly reads the config file.
const config = process.env.FLAKE_DOCS_SITE ? JSON.parse(process.env.FLAKE_DOCS_SITE) : loadConfig(root);
const docs = flakeDocs({ root });

export default defineConfig({
  site: config.site,
  base: config.base,
  trailingSlash: 'always',
  // Its floating bar covers the bottom of every page in dev, where the Diagnostics page says how to fix things.
  devToolbar: { enabled: false },
  outDir: process.env.FLAKE_DOCS_OUT ?? './dist',
  // Astro's own cache (content layer, optimized assets) follows FLAKE_DOCS_CACHE too, so a build can start from none.
  ...(process.env.FLAKE_DOCS_CACHE ? { cacheDir: path.join(cacheRoot(root), 'astro') } : {}),
  // GitHub-flavoured markdown (remark-gfm) is on by default in the unified processor.
  markdown: { processor: unified({ remarkPlugins: docs.remarkPlugins, rehypePlugins: docs.rehypePlugins }) },
  vite: {
    build: {
      // Mermaid (only bundled when diagrams render in the reader's browser) is one large chunk, loaded
      // on pages with diagrams only; the bundler's 500 kB advice is not ours to act on.
      chunkSizeWarningLimit: 4000,
      rollupOptions: {
        // Astro marks MDX pages with a "use astro:head-inject" directive that the bundler warns about,
        // in a dozen-line block per page; the directive is Astro's own and harmless, the rest is shown.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && String(warning.message).includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
  integrations: [
    docs.integration,
    // Starlight adds @astrojs/sitemap unless an integration of that name is present, and the sitemap
    // needs `site`: without one this stand-in keeps the build from warning about a sitemap it cannot make.
    ...(config.site ? [] : [{ name: '@astrojs/sitemap', hooks: {} }]),
    starlight({
      title: config.title,
      description: config.description,
      customCss: ['./src/styles/flake-docs.css'],
      components: { Head: './src/components/Head.astro', DraftContentNotice: './src/components/DraftNotice.astro' },
      routeMiddleware: './src/route-data.ts',
      social: config.repository ? [{ icon: 'github', label: 'Repository', href: config.repository.url }] : [],
      lastUpdated: false,
      pagefind: true,
      sidebar: [
        { label: 'Overview', items: [{ label: 'Home', link: '/' }, { label: 'Diagnostics', link: '/diagnostics/' }] },
        // Sections list pages by URL folder, hand-written (content/) and generated (content/generated/) alike.
        ...buildSidebar('./content'),
      ],
    }),
    mdx(),
  ],
});
