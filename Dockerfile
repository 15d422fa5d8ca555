# Image of the app; `docker compose up` runs one container per role.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --include=dev
COPY . .
# Each role prepares what it needs (topics, search attributes, migrations) before it starts.
ENTRYPOINT ["node", "--import", "tsx", "src/main.ts"]
