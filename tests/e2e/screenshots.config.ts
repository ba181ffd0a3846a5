// `npm run screenshots`: the README's pictures, taken from the built app with the e2e fixtures.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({ ...base, testMatch: '**/*.shot.ts', reporter: 'list' });
