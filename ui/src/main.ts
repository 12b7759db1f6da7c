/** Entry point: fonts and styles, the remembered language, then the app. */
import './fonts.css';
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

/** The mounted application. */
const app = mount(App, { target });

export default app;
