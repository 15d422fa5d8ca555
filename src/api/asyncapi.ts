import { publishedSchemas, type PublishedSchema } from '../../contract/json-schemas';
import type { Config } from '../config';
import { deadLetterTopic } from '../ingress/dead-letter';
import { deadLetterMessage, versionedMessage } from './asyncapi-messages';

type Topics = Config['kafka']['topics'];
type Domain = Exclude<keyof Topics, 'commands'>;

const DOMAINS: Domain[] = ['orders', 'inventory', 'payments', 'shipping'];

const messageId = ({ type, version }: PublishedSchema) => `${type}.${version}`;
const domainOf = ({ type }: PublishedSchema) => type.slice(0, type.indexOf('.')) as Domain;
const capitalized = (word: string) => word[0]!.toUpperCase() + word.slice(1);

function channel(address: string, description: string, messages: Record<string, object>) {
  const refs = Object.fromEntries(
    Object.keys(messages).map((id) => [id, { $ref: `#/components/messages/${id}` }]),
  );
  return { address, description, messages: refs };
}

function operation(action: 'send' | 'receive', channelId: string, messages: Record<string, object>) {
  return {
    action,
    channel: { $ref: `#/channels/${channelId}` },
    messages: Object.keys(messages).map((id) => ({ $ref: `#/channels/${channelId}/messages/${id}` })),
  };
}

/**
 * The service's Kafka topics as an AsyncAPI 3 document, generated from the same schemas
 * the doors and the outbox check data against. `topics` are the configured names.
 */
export function asyncApiDocument(topics: Topics) {
  const messagesOf = (direction: PublishedSchema['direction'], domain?: Domain) =>
    Object.fromEntries(
      publishedSchemas()
        .filter((s) => s.direction === direction && (domain === undefined || domainOf(s) === domain))
        .map((s) => [messageId(s), versionedMessage(s)]),
    );
  const commands = messagesOf('command');
  const deadLetters = { deadLetter: deadLetterMessage };
  const events = DOMAINS.map((domain) => ({
    domain,
    id: `${domain}Events`,
    messages: messagesOf('event', domain),
  }));

  return {
    asyncapi: '3.1.0',
    info: {
      title: 'saga-orchestrator events',
      version: '0.1.0',
      description: [
        'Commands the service accepts and the events it publishes, as CloudEvents 1.0 in Kafka binary',
        'content mode: attributes in `ce_*` headers, the JSON data as the value, the order id as the key.',
        'Delivery is at least once: drop duplicates by `ce_id`. Each event names the schema of its data',
        'in `ce_dataschema` (`urn:saga-orchestrator:schema:<type>:<version>`, the `$id` of the schema);',
        'a version only ever gains optional fields, so ignore fields you do not know.',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    channels: {
      commands: channel(topics.commands, 'Commands to the order sagas.', commands),
      commandDeadLetters: channel(
        deadLetterTopic(topics.commands),
        'Commands the service could not read, set aside with the reason.',
        deadLetters,
      ),
      ...Object.fromEntries(
        events.map(({ domain, id, messages }) => [
          id,
          channel(topics[domain], `Events of the ${domain} domain.`, messages),
        ]),
      ),
    },
    operations: {
      receiveCommands: operation('receive', 'commands', commands),
      sendCommandDeadLetters: operation('send', 'commandDeadLetters', deadLetters),
      ...Object.fromEntries(
        events.map(({ domain, id, messages }) => [
          `send${capitalized(domain)}Events`,
          operation('send', id, messages),
        ]),
      ),
    },
    components: {
      messages: {
        ...commands,
        ...deadLetters,
        ...Object.fromEntries(events.flatMap(({ messages }) => Object.entries(messages))),
      },
    },
  };
}
