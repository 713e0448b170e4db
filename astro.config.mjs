// @ts-check
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { unified } from '@astrojs/markdown-remark';
import { loadConfig } from './scripts/config.ts';
import { flakeDocs } from './scripts/site/integration.ts';

const root = process.cwd();
const config = loadConfig(root);
const docs = flakeDocs({ root });

/**
 * A sidebar section: a folder of pages, hand-written (content/) or generated (content/generated/).
 * @param {string} label
 * @param {string} directory
 * @param {boolean} [collapsed]
 */
const section = (label, directory, collapsed = false) => ({ label, collapsed, items: [{ autogenerate: { directory } }] });

export default defineConfig({
  site: config.site,
  base: config.base,
  trailingSlash: 'always',
  outDir: process.env.FLAKE_DOCS_OUT ?? './dist',
  // GitHub-flavoured markdown (remark-gfm) is on by default in the unified processor.
  markdown: { processor: unified({ remarkPlugins: docs.remarkPlugins, rehypePlugins: docs.rehypePlugins }) },
  integrations: [
    docs.integration,
    starlight({
      title: config.title,
      description: config.description,
      customCss: ['./src/styles/flake-docs.css'],
      components: { Head: './src/components/Head.astro' },
      social: config.repository ? [{ icon: 'github', label: 'Repository', href: config.repository.url }] : [],
      lastUpdated: false,
      pagefind: true,
      sidebar: [
        { label: 'Overview', items: [{ label: 'Home', link: '/' }, { label: 'Diagnostics', link: '/diagnostics/' }] },
        section('Setup', 'setup'),
        section('Maintenance', 'maintenance'),
        section('Troubleshooting', 'troubleshooting'),
        section('Recovery', 'recovery'),
        ...(config.guides ? [section('Guides', 'guides')] : []),
        section('Hosts', 'hosts'),
        section('Profiles', 'profiles', true),
        section('Options', 'options'),
        section('Secrets', 'secrets'),
        section('Roadmap', 'roadmap'),
        section('Tickets', 'tickets', true),
      ],
    }),
    mdx(),
  ],
});
