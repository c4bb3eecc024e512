/** Vite's `?raw` imports: the file's text, bundled (the tutorial's .py files). */
declare module '*?raw' {
  const text: string;
  export default text;
}
