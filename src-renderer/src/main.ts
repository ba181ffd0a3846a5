import { mount } from 'svelte';
import '@fontsource/literata/400.css';
import '@fontsource/literata/400-italic.css';
import '@fontsource/literata/600.css';
import '@fontsource/inter/400.css';
import '@fontsource/inter/500.css';
import '@fontsource/inter/600.css';
import './app.css';
import App from './App.svelte';
import { installPageGuards } from './lib/guard';

installPageGuards();

const target = document.getElementById('app');
if (!target) throw new Error('missing #app');
export default mount(App, { target });
