import { defineCollection } from 'astro:content';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { i18nLoader } from '@astrojs/starlight/loaders';
import { docsLoader } from '../scripts/site/docs-loader.ts';

// Hand-written guides live in content/; generated pages in content/generated/ (git-ignored), each
// with a `slug` in its frontmatter so its URL does not depend on where it was written. Generated
// Markdown arrives compiled to HTML (scripts/site/prerender.ts).
const schema = docsSchema();

export const collections = {
  docs: defineCollection({
    loader: docsLoader('./content', 'generated', schema, import.meta.env.BASE_URL),
    schema,
  }),
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema() }),
};
