import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
// One place for the style sheets, in the order of the cascade.
import './app.css';
import './pages/sign-in/sign-in.css';
import './pages/inbox/inbox.css';
import './components/pills.css';
import './pages/inbox/badges.css';
import './pages/inbox/conversation.css';
import './components/pages.css';
import './pages/listening/listening.css';
import './responsive.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
